/**
 * The AFK part of the message pipeline: a member who chats 10 s or more after going AFK is welcomed back (unless
 * the AFK is permanent or enforced); a message that mentions AFK members gets one notice per member, at most once per
 * `notice_every_seconds` per member and channel, which deletes itself after a while. All from memory.
 */
import type { Message } from 'discord.js';
import type { BotContext } from '#discord/context.ts';
import type { PassiveMessageInfo } from '#discord/message-pipeline.ts';
import { type AfkDeps, clearAfk } from './afk-actions.ts';

export const RETURN_AFTER_MS = 10_000;
const WELCOME_LIFETIME_MS = 5_000;

const deleteLater = (m: Message, ms: number) => {
  const t = setTimeout(() => void m.delete().catch(() => undefined), ms);
  t.unref?.();
};

interface AfkSettings {
  notice_seconds: number;
  notice_every_seconds: number;
}

export function createAfkMessageHandler(deps: AfkDeps) {
  const lastNotice = new Map<string, number>();
  return async (ctx: BotContext, message: Message, info: PassiveMessageInfo): Promise<void> => {
    if (!message.inGuild()) return;
    const guildId = message.guildId;
    const now = Date.now();
    const own = deps.store.get(guildId, message.author.id);
    if (own && !own.perm && !own.enforced && now - own.since >= RETURN_AFTER_MS && !info.command) {
      await clearAfk(deps, guildId, message.author.id, message.member);
      const hi = await message
        .reply({ content: 'Welcome back!', allowedMentions: { repliedUser: false } })
        .catch(() => null);
      if (hi) deleteLater(hi, WELCOME_LIFETIME_MS);
    }
    // Commands that name a member (clearafk @x, sto) are not chat: no notice for them.
    if (message.mentions.users.size === 0 || info.command) return;
    const s = ctx.settings.get<AfkSettings>('afk', guildId);
    const every = s.notice_every_seconds * 1000;
    const lines: string[] = [];
    for (const user of message.mentions.users.values()) {
      if (user.id === message.author.id) continue;
      const entry = deps.store.get(guildId, user.id);
      if (!entry) continue;
      if (entry.until && entry.until < now) continue;
      const key = `${guildId}:${user.id}:${message.channelId}`;
      if (now - (lastNotice.get(key) ?? 0) < every) continue;
      lastNotice.set(key, now);
      const until = entry.until ? ` until <t:${Math.floor(entry.until / 1000)}:f>` : '';
      lines.push(`<@${user.id}> is currently AFK${until}: "${entry.reason}" [<t:${Math.floor(entry.since / 1000)}:R>]`);
    }
    if (lines.length === 0) return;
    if (lastNotice.size > 10_000) for (const [k, t] of lastNotice) if (now - t > every) lastNotice.delete(k);
    const notice = await message
      .reply({ content: lines.join('\n'), allowedMentions: { parse: [], repliedUser: false } })
      .catch(() => null);
    if (notice) deleteLater(notice, s.notice_seconds * 1000);
  };
}
