/** `starboard setup <channel> <emoji> <threshold>` and `starboard remove` (staff, rank 5). */
import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { type AnyCommand, arg, defineCommand, UserError } from '#discord/commands/index.ts';
import { successEmbed } from '#discord/ui/index.ts';
import { emojiId, type StarboardSettings } from './settings.ts';

/** A single emoji (one grapheme of pictographic characters). */
function isUnicodeEmoji(text: string): boolean {
  const segments = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)];
  return segments.length === 1 && /\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(text);
}

export const starboardCommand = defineCommand({
  name: 'starboard',
  description: 'Repost messages that get enough stars',
  category: 'Admin',
  guildOnly: true,
  defaultRank: 5,
  subcommands: [
    defineCommand({
      name: 'setup',
      aliases: ['s'],
      description: 'Set the starboard channel, emoji and threshold',
      args: {
        channel: arg.channel({ description: 'Starboard channel', channelTypes: [ChannelType.GuildText] }),
        emoji: arg.string({ description: 'Star emoji (unicode or one of this server’s)', max: 64 }),
        threshold: arg.integer({ description: 'Stars needed (at least 1)', min: 1, max: 1000 }),
      },
      async run(ctx, { channel, emoji, threshold }) {
        const guild = ctx.guild!;
        const id = emojiId(emoji.trim());
        if (id) {
          const own = guild.emojis.cache.get(id) ?? (await guild.emojis.fetch(id).catch(() => null));
          if (!own) {
            throw new UserError(
              'starboard.emoji',
              'Invalid Emoji: use a default emoji or one of this server’s emoji.',
              {},
              'Invalid Emoji',
            );
          }
        } else if (!isUnicodeEmoji(emoji.trim())) {
          throw new UserError('starboard.emoji', 'Please use a single default Discord emoji.', {}, 'Invalid Emoji');
        }
        const me = guild.members.me;
        const perms = me && 'permissionsFor' in channel ? channel.permissionsFor(me) : null;
        if (
          !perms?.has([
            PermissionFlagsBits.ViewChannel,
            PermissionFlagsBits.SendMessages,
            PermissionFlagsBits.EmbedLinks,
          ])
        ) {
          throw new UserError(
            'starboard.channel',
            `I can't post in <#${channel.id}>: give me View Channel, Send Messages and Embed Links there.`,
          );
        }
        const actor = `discord:${ctx.user.id}`;
        const settings = ctx.app.settings;
        settings.set('starboard', guild.id, 'channel', channel.id, actor);
        settings.set('starboard', guild.id, 'emoji', emoji.trim(), actor);
        settings.set('starboard', guild.id, 'threshold', threshold, actor);
        await ctx.reply({
          embeds: [
            successEmbed({
              title: 'Starboard Set',
              description: `Messages with ${threshold} ${emoji.trim()} go to <#${channel.id}>.`,
            }),
          ],
        });
      },
    }),
    defineCommand({
      name: 'remove',
      aliases: ['r'],
      description: 'Turn the starboard off',
      async run(ctx) {
        const s = ctx.app.settings.get<StarboardSettings>('starboard', ctx.guildId!);
        if (!s.channel)
          throw new UserError('starboard.none', 'No starboard is set up in this server.', {}, 'No Starboard Found');
        ctx.app.settings.reset('starboard', ctx.guildId!, 'channel', `discord:${ctx.user.id}`);
        await ctx.reply({
          embeds: [successEmbed({ title: 'Starboard Removed', description: 'The starboard is off.' })],
        });
      },
    }),
  ],
});

export const starboardCommands: AnyCommand[] = [starboardCommand];
