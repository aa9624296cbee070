/** Going AFK and coming back: the row, the nickname, and the durable expiry job of a timed AFK. */
import type { GuildMember } from 'discord.js';
import type { Scheduler } from '#core/scheduler/types.ts';
import type { AfkEntry, AfkStore } from './afk-store.ts';
import { afkNickname } from './afk-text.ts';

export const AFK_EXPIRE_JOB = 'afk.expire';
export const afkJobKey = (guildId: string, userId: string) => `afk:${guildId}:${userId}`;

export interface AfkDeps {
  store: AfkStore;
  scheduler: Scheduler;
}

export async function goAfk(
  deps: AfkDeps,
  member: GuildMember,
  opts: { reason: string; perm?: boolean; until?: number | null; enforced?: boolean },
): Promise<AfkEntry> {
  const entry: AfkEntry = {
    guildId: member.guild.id,
    userId: member.id,
    nickname: member.nickname,
    reason: opts.reason,
    since: Date.now(),
    until: opts.until ?? null,
    enforced: opts.enforced ?? false,
    perm: opts.perm ?? false,
  };
  deps.store.set(entry);
  if (entry.until) {
    deps.scheduler.schedule(
      AFK_EXPIRE_JOB,
      entry.until,
      { guildId: entry.guildId, userId: entry.userId },
      {
        key: afkJobKey(entry.guildId, entry.userId),
      },
    );
  }
  // Nickname errors (the owner, a member above the bot) are ignored, as in Tux.
  await member.setNickname(afkNickname(member.displayName), 'AFK').catch(() => undefined);
  return entry;
}

/** Clears the AFK and gives the member their nickname back (if they are still here). */
export async function clearAfk(
  deps: AfkDeps,
  guildId: string,
  userId: string,
  member: GuildMember | null,
): Promise<boolean> {
  const had = deps.store.delete(guildId, userId);
  if (!had) return false;
  deps.scheduler.cancel(afkJobKey(guildId, userId));
  if (member) await member.setNickname(had.nickname, 'Back from AFK').catch(() => undefined);
  return true;
}
