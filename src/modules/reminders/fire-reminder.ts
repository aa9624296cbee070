/**
 * Delivers a reminder when its job fires (on time, or at boot when the appliance was down): a DM first, the
 * original channel when DMs are closed. The row is deleted once delivered, so a second delivery finds nothing.
 */
import { RESTJSONErrorCodes } from 'discord-api-types/v10';
import type { Job } from '#core/scheduler/types.ts';
import type { BotContext } from '#discord/context.ts';
import { brandEmbed } from '#discord/ui/index.ts';
import { deleteReminder, getReminder } from './reminder-store.ts';

async function waitForReady(ctx: BotContext, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (!ctx.discord.isReady()) {
    if (Date.now() - started > timeoutMs) throw new Error('Discord is not connected; the reminder will be retried');
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function fireReminder(ctx: BotContext, job: Job<{ id: number }>, readyTimeoutMs: number): Promise<void> {
  const r = getReminder(ctx.db, job.payload.id);
  if (!r) return;
  await waitForReady(ctx, readyTimeoutMs);
  const client = ctx.discord.client;
  const embed = brandEmbed('info', {
    title: 'Reminder',
    description: r.content,
    footer: `Set ${new Date(r.createdAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  });
  const user = await client.users.fetch(r.userId);
  try {
    await user.send({ embeds: [embed] });
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code !== RESTJSONErrorCodes.CannotSendMessagesToThisUser) throw err;
    const channel = await client.channels.fetch(r.channelId).catch(() => null);
    if (channel?.isSendable()) {
      await channel.send({
        content: `<@${r.userId}> Failed to DM you, sending in channel`,
        embeds: [embed],
        allowedMentions: { users: [r.userId] },
      });
    } else {
      ctx.log.warn({ reminder: r.id }, 'reminder: DMs closed and the channel is gone; dropping it');
    }
  }
  deleteReminder(ctx.db, r.id);
}
