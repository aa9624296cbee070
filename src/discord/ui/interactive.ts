/**
 * Paginator and confirm dialog. Both are locked to the invoker (others get a short ephemeral refusal) and stop
 * listening after a timeout, removing their buttons.
 */
import type { APIEmbed, ButtonBuilder, Message, MessageComponentInteraction } from 'discord.js';
import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import type { CommandContext } from '../commands/types.ts';
import { discordJs } from '../discord-lib.ts';
import { brandEmbed } from './brand.ts';

export const NOT_YOURS = '❌ Only the person who ran this command can use these buttons.';

async function refuseOthers(i: MessageComponentInteraction, ownerId: string): Promise<boolean> {
  if (i.user.id === ownerId) return false;
  await i.reply({ content: NOT_YOURS, flags: 64 }).catch(() => undefined);
  return true;
}

export interface PaginateOptions {
  timeoutMs?: number;
  ephemeral?: boolean;
}

/** Sends pages with Prev/Next buttons; resolves with the sent message. A single page is sent without buttons. */
export async function paginate(
  ctx: CommandContext,
  pages: readonly APIEmbed[],
  opts: PaginateOptions = {},
): Promise<Message> {
  if (pages.length === 0) throw new Error('paginate needs at least one page');
  const ephemeral = opts.ephemeral ?? false;
  const footer = (i: number): APIEmbed => ({
    ...pages[i]!,
    footer: { text: `Page ${i + 1} of ${pages.length}${pages[i]!.footer?.text ? ` • ${pages[i]!.footer?.text}` : ''}` },
  });
  if (pages.length === 1) return ctx.reply({ embeds: [pages[0]!], ephemeral });
  let index = 0;
  const { ActionRowBuilder, ButtonBuilder } = discordJs();
  const row = (disabled = false) =>
    new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder()
        .setCustomId('page:prev')
        .setLabel('◀ Prev')
        .setStyle(ButtonStyle.Secondary)
        .setDisabled(disabled || index === 0),
      new ButtonBuilder()
        .setCustomId('page:next')
        .setLabel('Next ▶')
        .setStyle(ButtonStyle.Secondary)
        .setDisabled(disabled || index === pages.length - 1),
    );
  const message = await ctx.reply({ embeds: [footer(0)], components: [row()], ephemeral });
  const collector = message.createMessageComponentCollector({
    componentType: ComponentType.Button,
    time: opts.timeoutMs ?? 180_000,
  });
  collector.on('collect', async (i) => {
    if (await refuseOthers(i, ctx.user.id)) return;
    index = i.customId === 'page:next' ? Math.min(pages.length - 1, index + 1) : Math.max(0, index - 1);
    await i.update({ embeds: [footer(index)], components: [row()] }).catch(() => undefined);
  });
  collector.on('end', () => {
    void message.edit({ components: [row(true)] }).catch(() => undefined);
  });
  return message;
}

export interface ConfirmOptions {
  title: string;
  description: string;
  confirmLabel?: string;
  cancelLabel?: string;
  /** Default 30 s. */
  timeoutMs?: number;
  ephemeral?: boolean;
  danger?: boolean;
}

/** Asks the invoker to confirm; resolves true on confirm, false on cancel or timeout. */
export async function confirm(ctx: CommandContext, opts: ConfirmOptions): Promise<boolean> {
  const { ActionRowBuilder, ButtonBuilder } = discordJs();
  const row = (disabled: boolean) =>
    new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder()
        .setCustomId('confirm:yes')
        .setLabel(opts.confirmLabel ?? 'Confirm')
        .setStyle(opts.danger ? ButtonStyle.Danger : ButtonStyle.Success)
        .setDisabled(disabled),
      new ButtonBuilder()
        .setCustomId('confirm:no')
        .setLabel(opts.cancelLabel ?? 'Cancel')
        .setStyle(ButtonStyle.Secondary)
        .setDisabled(disabled),
    );
  const message = await ctx.reply({
    embeds: [brandEmbed('warning', { title: opts.title, description: opts.description })],
    components: [row(false)],
    ephemeral: opts.ephemeral ?? false,
  });
  return new Promise<boolean>((resolve) => {
    const collector = message.createMessageComponentCollector({
      componentType: ComponentType.Button,
      time: opts.timeoutMs ?? 30_000,
    });
    let answer: boolean | null = null;
    collector.on('collect', async (i) => {
      if (await refuseOthers(i, ctx.user.id)) return;
      answer = i.customId === 'confirm:yes';
      await i
        .update({
          embeds: [
            brandEmbed(answer ? 'success' : 'info', {
              title: opts.title,
              description: answer ? 'Confirmed.' : 'Cancelled.',
            }),
          ],
          components: [row(true)],
        })
        .catch(() => undefined);
      collector.stop('answered');
    });
    collector.on('end', () => {
      if (answer === null) {
        void message
          .edit({
            embeds: [brandEmbed('info', { title: opts.title, description: 'No answer in time: cancelled.' })],
            components: [row(true)],
          })
          .catch(() => undefined);
      }
      resolve(answer ?? false);
    });
  });
}
