/** /report: an anonymous report through a modal, posted to the report-log channel with a thread for follow-up. */
import type { TextInputBuilder } from 'discord.js';
import { TextInputStyle, ThreadAutoArchiveDuration } from 'discord-api-types/v10';
import { defineCommand } from '#discord/commands/define-command.ts';
import { UserError } from '#discord/commands/errors.ts';
import { discordJs } from '#discord/discord-lib.ts';
import { infoEmbed } from '#discord/ui/brand.ts';
import { getModerationSettings } from '../moderation-settings.ts';

const NOT_SET_UP = 'The report log channel has not been set up. Please contact an administrator.';

export const reportCommand = defineCommand({
  name: 'report',
  description: 'Send an anonymous report to the moderators',
  category: 'moderation',
  guildOnly: true,
  defaultRank: 0,
  prefix: false,
  async run(ctx) {
    const i = ctx.interaction;
    if (!i || !ctx.guild) throw new UserError('command.slash_only', 'Use `/report`.');
    const channelId = getModerationSettings(ctx.app.db, ctx.guild.id).reportLogChannelId;
    const channel = channelId ? await ctx.guild.channels.fetch(channelId).catch(() => null) : null;
    if (!channel?.isTextBased() || !('threads' in channel))
      throw new UserError('moderation.report-not-set', NOT_SET_UP);
    const modalId = `report:${i.id}`;
    const { ActionRowBuilder, ModalBuilder, TextInputBuilder } = discordJs();
    const modal = new ModalBuilder()
      .setCustomId(modalId)
      .setTitle('Submit an anonymous report')
      .addComponents(
        new ActionRowBuilder<TextInputBuilder>().addComponents(
          new TextInputBuilder()
            .setCustomId('title')
            .setLabel('Related user(s) or issue(s)')
            .setStyle(TextInputStyle.Short)
            .setMaxLength(100)
            .setRequired(true),
        ),
        new ActionRowBuilder<TextInputBuilder>().addComponents(
          new TextInputBuilder()
            .setCustomId('body')
            .setLabel('Your report')
            .setStyle(TextInputStyle.Paragraph)
            .setMaxLength(4000)
            .setRequired(true),
        ),
      );
    await i.showModal(modal);
    const submit = await i
      .awaitModalSubmit({ time: 10 * 60_000, filter: (s) => s.customId === modalId && s.user.id === i.user.id })
      .catch(() => null);
    if (!submit) return;
    const short = submit.fields.getTextInputValue('title').trim();
    const body = submit.fields.getTextInputValue('body').trim();
    const title = `Anonymous report for ${short}`.slice(0, 100);
    const message = await channel.send({ embeds: [infoEmbed({ title, description: body })] });
    await message
      .startThread({ name: title, autoArchiveDuration: ThreadAutoArchiveDuration.OneWeek })
      .catch((err: unknown) => ctx.log.warn({ err }, 'could not open a thread on a report'));
    await submit.reply({ embeds: [infoEmbed({ description: 'Your report has been submitted.' })], flags: 64 });
  },
});
