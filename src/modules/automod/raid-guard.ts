/**
 * Raid protection. Joins are counted per guild over a sliding window; reaching the threshold switches the guild
 * into raid mode (kept in SQLite, so a restart mid-raid stays in it), and from then on every new member is timed
 * out or kicked as a case by the bot until an admin ends it or no one has joined for the quiet period. Separately,
 * accounts younger than the guild's minimum age are stopped on join.
 */
import type { GuildMember } from 'discord.js';
import type { Db } from '#core/db/types.ts';
import type { Logger } from '#core/log/types.ts';
import { UserError } from '#discord/commands/errors.ts';
import type { ModerationPipeline } from '#modules/moderation/index.ts';
import { getRaidState, setRaidState } from './rule-store.ts';
import type { AutomodSettings } from './settings.ts';

export interface RaidDeps {
  db: Db;
  pipeline: ModerationPipeline;
  log: Logger;
  settings(guildId: string): AutomodSettings;
  /** Tells the guild's admins (automod log channel or mod log). */
  notify(guildId: string, title: string, text: string): Promise<void>;
  now?: () => number;
}

export class RaidGuard {
  private readonly joins = new Map<string, number[]>();

  constructor(private readonly deps: RaidDeps) {}

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  active(guildId: string): boolean {
    return getRaidState(this.deps.db, guildId) !== null;
  }

  async start(guildId: string, why: string): Promise<boolean> {
    if (this.active(guildId)) return false;
    const now = this.now();
    setRaidState(this.deps.db, guildId, { since: now, lastJoinAt: now });
    const s = this.deps.settings(guildId);
    const what = s.raid_action === 'kick' ? 'kicked' : `timed out for ${s.raid_timeout_minutes} min`;
    await this.deps.notify(
      guildId,
      'Raid mode on',
      `${why} New members are ${what} until \`automod raid off\` or ${s.raid_quiet_minutes} min without a join.`,
    );
    return true;
  }

  async end(guildId: string, why: string): Promise<boolean> {
    if (!this.active(guildId)) return false;
    setRaidState(this.deps.db, guildId, null);
    this.joins.delete(guildId);
    await this.deps.notify(guildId, 'Raid mode off', why);
    return true;
  }

  /** Ends raid mode in guilds where no one has joined for the quiet period. */
  async sweep(guildIds: Iterable<string>): Promise<void> {
    for (const guildId of guildIds) {
      const state = getRaidState(this.deps.db, guildId);
      if (!state) continue;
      const quietMs = this.deps.settings(guildId).raid_quiet_minutes * 60_000;
      if (this.now() - state.lastJoinAt >= quietMs)
        await this.end(guildId, `No one joined for ${quietMs / 60_000} min.`);
    }
  }

  private async act(member: GuildMember, action: 'timeout' | 'kick', minutes: number, reason: string): Promise<void> {
    try {
      await this.deps.pipeline.run(member.guild.id, {
        action,
        targetId: member.id,
        reason,
        durationMs: action === 'timeout' ? minutes * 60_000 : undefined,
        silent: false,
        metadata: { automod: { raid: true } },
      });
    } catch (err) {
      const msg = err instanceof UserError ? err.message : (err as Error).message;
      this.deps.log.info({ guildId: member.guild.id, userId: member.id, msg }, 'raid protection could not act');
    }
  }

  async onJoin(member: GuildMember): Promise<void> {
    if (member.user.bot) return;
    const guildId = member.guild.id;
    const s = this.deps.settings(guildId);
    const now = this.now();
    await this.sweep([guildId]);
    const state = getRaidState(this.deps.db, guildId);
    if (state) {
      setRaidState(this.deps.db, guildId, { since: state.since, lastJoinAt: now });
      await this.act(member, s.raid_action, s.raid_timeout_minutes, 'Raid protection: joined during raid mode');
      return;
    }
    if (s.min_account_age_days > 0) {
      const ageDays = (now - member.user.createdTimestamp) / 86_400_000;
      if (ageDays < s.min_account_age_days) {
        await this.act(
          member,
          s.account_age_action,
          s.raid_timeout_minutes,
          `Account age gate: account is ${Math.floor(ageDays)} days old (minimum ${s.min_account_age_days})`,
        );
      }
    }
    if (s.raid_joins <= 0) return;
    const since = now - s.raid_seconds * 1000;
    const list = (this.joins.get(guildId) ?? []).filter((t) => t > since);
    list.push(now);
    this.joins.set(guildId, list);
    if (list.length >= s.raid_joins) {
      await this.start(guildId, `${list.length} members joined within ${s.raid_seconds} s.`);
    }
  }
}
