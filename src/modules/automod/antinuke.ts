/**
 * The antinuke guard: watches the guild audit log (GUILD_AUDIT_LOG_ENTRY_CREATE) and, when one member who is not
 * the owner, the bot or trusted deletes channels or roles, or bans members, more than the threshold within the
 * window, takes away every role the bot can remove from them and tells the admins.
 */
import type { Guild, GuildAuditLogsEntry } from 'discord.js';
import { AuditLogEvent } from 'discord-api-types/v10';
import type { Logger } from '#core/log/types.ts';
import type { AutomodSettings } from './settings.ts';

const WATCHED: Partial<Record<AuditLogEvent, string>> = {
  [AuditLogEvent.ChannelDelete]: 'channel deletions',
  [AuditLogEvent.RoleDelete]: 'role deletions',
  [AuditLogEvent.MemberBanAdd]: 'bans',
};

export interface AntinukeDeps {
  log: Logger;
  settings(guildId: string): AutomodSettings;
  trusted(guildId: string, userId: string, roleIds: readonly string[]): boolean;
  notify(guildId: string, title: string, text: string): Promise<void>;
  now?: () => number;
}

export class AntinukeGuard {
  private readonly seen = new Map<string, { at: number; what: string }[]>();

  constructor(private readonly deps: AntinukeDeps) {}

  async onEntry(entry: GuildAuditLogsEntry, guild: Guild): Promise<void> {
    const what = WATCHED[entry.action];
    const executorId = entry.executorId;
    if (!what || !executorId) return;
    const s = this.deps.settings(guild.id);
    if (s.antinuke_threshold <= 0) return;
    if (executorId === guild.ownerId || executorId === guild.client.user.id) return;
    const now = this.deps.now?.() ?? Date.now();
    const key = `${guild.id}:${executorId}`;
    const list = (this.seen.get(key) ?? []).filter((e) => e.at > now - s.antinuke_seconds * 1000);
    list.push({ at: now, what });
    this.seen.set(key, list);
    if (list.length <= s.antinuke_threshold) return;
    const member = await guild.members.fetch(executorId).catch(() => null);
    if (!member) return;
    if (this.deps.trusted(guild.id, executorId, [...member.roles.cache.keys()])) return;
    this.seen.delete(key);
    const me = guild.members.me;
    const top = me?.roles.highest.position ?? 0;
    const removable = member.roles.cache.filter((r) => r.id !== guild.id && !r.managed && r.position < top);
    const counts = new Map<string, number>();
    for (const e of list) counts.set(e.what, (counts.get(e.what) ?? 0) + 1);
    const summary = [...counts].map(([w, n]) => `${n} ${w}`).join(', ');
    let result: string;
    try {
      const keep = member.roles.cache.filter((r) => r.id !== guild.id && !removable.has(r.id));
      await member.roles.set([...keep.keys()], `Antinuke: ${summary} within ${s.antinuke_seconds} s`);
      result = `Their ${removable.size} role${removable.size === 1 ? '' : 's'} were removed.`;
    } catch (err) {
      result = `I could not remove their roles (${(err as Error).message}); act now.`;
      this.deps.log.warn({ guildId: guild.id, userId: executorId, err }, 'antinuke could not remove roles');
    }
    await this.deps.notify(
      guild.id,
      'Antinuke',
      `<@${executorId}> made ${summary} within ${s.antinuke_seconds} s (limit ${s.antinuke_threshold}). ${result}`,
    );
  }
}
