/**
 * Which invite a member joined with. Discord does not say; the tracker keeps each guild's invite use counts
 * (fetched at ready, updated on invite create/delete) and, on a join, fetches them again and looks for the one
 * whose count went up. Exactly one → that invite; none but the vanity URL's count went up → the vanity URL;
 * anything else (two joins at once, no Manage Server permission, an invite that expired in between) → "unknown",
 * said as such. Joins of one guild are diffed one at a time. Attributions are stored in `invite_joins`.
 */
import type { Guild, GuildMember, Invite } from 'discord.js';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { and, count, desc, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '#core/db/types.ts';
import { inviteJoins } from './schema.ts';

interface InviteUse {
  uses: number;
  maxUses: number;
  inviterId: string | null;
}

interface Snapshot {
  invites: Map<string, InviteUse>;
  vanity: { code: string; uses: number } | null;
}

export type Attribution =
  | { kind: 'invite'; code: string; inviterId: string | null }
  | { kind: 'vanity'; code: string }
  | { kind: 'unknown'; why: string };

export class InviteTracker {
  private readonly snapshots = new Map<string, Snapshot>();
  private readonly chains = new Map<string, Promise<unknown>>();

  constructor(private readonly db: Db) {}

  /** Fetches a guild's invites and vanity use count; null when the bot may not see them. */
  private async fetch(guild: Guild): Promise<Snapshot | null> {
    // Listing invites needs Manage Server; without it there is nothing to ask (and nothing to diff).
    if (guild.members.me && !guild.members.me.permissions.has(PermissionFlagsBits.ManageGuild)) return null;
    const list = await guild.invites.fetch({ cache: false }).catch(() => null);
    if (!list) return null;
    const invites = new Map<string, InviteUse>();
    for (const invite of list.values()) {
      invites.set(invite.code, {
        uses: invite.uses ?? 0,
        maxUses: invite.maxUses ?? 0,
        inviterId: invite.inviterId ?? null,
      });
    }
    let vanity: Snapshot['vanity'] = null;
    if (guild.vanityURLCode) {
      const data = await guild.fetchVanityData().catch(() => null);
      if (data?.code) vanity = { code: data.code, uses: data.uses };
    }
    return { invites, vanity };
  }

  /** Takes a guild's current counts (at ready and when the bot joins a guild). */
  async refresh(guild: Guild): Promise<void> {
    await this.serial(guild.id, async () => {
      const snap = await this.fetch(guild);
      if (snap) this.snapshots.set(guild.id, snap);
    });
  }

  created(invite: Invite): void {
    const snap = invite.guild ? this.snapshots.get(invite.guild.id) : undefined;
    snap?.invites.set(invite.code, {
      uses: invite.uses ?? 0,
      maxUses: invite.maxUses ?? 0,
      inviterId: invite.inviterId ?? null,
    });
  }

  deleted(invite: Invite): void {
    if (invite.guild) this.snapshots.get(invite.guild.id)?.invites.delete(invite.code);
  }

  /** Works out and stores which invite the member used. */
  attribute(member: GuildMember): Promise<Attribution> {
    return this.serial(member.guild.id, async () => {
      const before = this.snapshots.get(member.guild.id);
      const now = await this.fetch(member.guild);
      if (now) this.snapshots.set(member.guild.id, now);
      const result = diff(before, now);
      this.db.orm
        .insert(inviteJoins)
        .values({
          guildId: member.guild.id,
          userId: member.id,
          kind: result.kind,
          code: result.kind === 'unknown' ? null : result.code,
          inviterId: result.kind === 'invite' ? result.inviterId : null,
          joinedAt: Date.now(),
        })
        .run();
      return result;
    });
  }

  private serial<T>(guildId: string, work: () => Promise<T>): Promise<T> {
    const prev = this.chains.get(guildId) ?? Promise.resolve();
    const next = prev.then(work, work);
    const tail = next.catch(() => undefined);
    this.chains.set(guildId, tail);
    void tail.then(() => {
      if (this.chains.get(guildId) === tail) this.chains.delete(guildId);
    });
    return next;
  }
}

export function diff(before: Snapshot | undefined, now: Snapshot | null): Attribution {
  if (!now) return { kind: 'unknown', why: 'the bot cannot see this server’s invites (Manage Server)' };
  if (!before) return { kind: 'unknown', why: 'the invite counts were not known before this join' };
  const used: { code: string; inviterId: string | null }[] = [];
  for (const [code, use] of now.invites) {
    const was = before.invites.get(code)?.uses ?? 0;
    if (use.uses > was) used.push({ code, inviterId: use.inviterId });
  }
  // An invite used for the last time of its max uses disappears at that join.
  for (const [code, use] of before.invites) {
    if (!now.invites.has(code) && use.maxUses > 0 && use.uses + 1 >= use.maxUses)
      used.push({ code, inviterId: use.inviterId });
  }
  if (used.length === 1) return { kind: 'invite', ...(used[0] as { code: string; inviterId: string | null }) };
  if (used.length > 1) return { kind: 'unknown', why: `${used.length} invites were used at the same time` };
  if (now.vanity && now.vanity.uses > (before.vanity?.uses ?? 0)) return { kind: 'vanity', code: now.vanity.code };
  return { kind: 'unknown', why: 'no invite count went up' };
}

export function describeAttribution(a: Attribution): string {
  if (a.kind === 'invite') return `\`${a.code}\`${a.inviterId ? ` by <@${a.inviterId}>` : ''}`;
  if (a.kind === 'vanity') return `the vanity URL \`${a.code}\``;
  return `unknown (${a.why})`;
}

export interface InviteJoin {
  userId: string;
  kind: string;
  code: string | null;
  inviterId: string | null;
  joinedAt: number;
}

/** The latest recorded join of a member. */
export function lastJoin(db: Db, guildId: string, userId: string): InviteJoin | null {
  return (
    db.orm
      .select({
        userId: inviteJoins.userId,
        kind: inviteJoins.kind,
        code: inviteJoins.code,
        inviterId: inviteJoins.inviterId,
        joinedAt: inviteJoins.joinedAt,
      })
      .from(inviteJoins)
      .where(and(eq(inviteJoins.guildId, guildId), eq(inviteJoins.userId, userId)))
      .orderBy(desc(inviteJoins.joinedAt), desc(inviteJoins.id))
      .get() ?? null
  );
}

/** Members who invited the most joins (each join counted, rejoins too). */
export function topInviters(db: Db, guildId: string, limit = 10): { inviterId: string; joins: number }[] {
  return db.orm
    .select({ inviterId: inviteJoins.inviterId, joins: count() })
    .from(inviteJoins)
    .where(and(eq(inviteJoins.guildId, guildId), isNotNull(inviteJoins.inviterId)))
    .groupBy(inviteJoins.inviterId)
    .orderBy(desc(count()), inviteJoins.inviterId)
    .limit(limit)
    .all()
    .map((r) => ({ inviterId: r.inviterId as string, joins: r.joins }));
}
