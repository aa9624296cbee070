/**
 * The GIF limiter's part of the message pipeline: a GIF over a channel's limit, or over a member's limit in that
 * channel, is deleted and a short notice (Tux's "-# GIF ratelimit exceeded for channel/user") deletes itself.
 */
import type { Message } from 'discord.js';
import type { BotContext } from '#discord/context.ts';
import type { GifCounter, GifVerdict } from './gif-counter.ts';
import { isGifMessage } from './gif-detect.ts';
import type { GifLimiterSettings } from './settings.ts';

export const NOTICES: Record<Exclude<GifVerdict, null>, string> = {
  channel: '-# GIF ratelimit exceeded for channel',
  user: '-# GIF ratelimit exceeded for user',
};

export function createGifMessageHandler(counter: GifCounter) {
  return async (ctx: BotContext, message: Message): Promise<void> => {
    if (!message.inGuild() || !isGifMessage(message)) return;
    const s = ctx.settings.get<GifLimiterSettings>('giflimiter', message.guildId);
    // A thread follows its parent channel's limits and exclusion.
    const channelId = message.channel.isThread() ? (message.channel.parentId ?? message.channelId) : message.channelId;
    if (s.exclude.includes(channelId) || s.exclude.includes(message.channelId)) return;
    const verdict = counter.check(message.guildId, message.channelId, message.author.id, {
      windowMs: s.window_seconds * 1000,
      channelLimit: s.channel_limits[channelId] ?? null,
      userLimit: s.user_limits[channelId] ?? null,
    });
    if (!verdict) return;
    const deleted = await message.delete().then(
      () => true,
      () => false,
    );
    if (!deleted) return;
    const notice = await message.channel
      .send({ content: NOTICES[verdict], allowedMentions: { parse: [] } })
      .catch(() => null);
    if (notice) {
      const t = setTimeout(() => void notice.delete().catch(() => undefined), s.notice_seconds * 1000);
      t.unref?.();
    }
  };
}
