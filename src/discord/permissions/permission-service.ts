/**
 * Per-guild permission ranks (0–10). A role maps to a rank; a member's rank is the highest over their roles.
 * A command needs its guild override (looked up from the command up through its parents) or else its declared
 * default rank, so a fresh guild works out of the box. Owners, sysadmins and the guild owner bypass; owner-only
 * commands are for bot owners and can never be given a rank.
 */
import { and, eq } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import type { ConfigStore } from '#core/config/types.ts';
import type { Db } from '#core/db/types.ts';
import { UserError } from '../commands/errors.ts';
import type { RegisteredCommand } from '../commands/types.ts';
import { DEFAULT_RANKS, MAX_RANK } from './default-ranks.ts';
import { permissionAssignments, permissionCommands, permissionRanks } from './schema.ts';

export type RankRow = typeof permissionRanks.$inferSelect;
export type AssignmentRow = typeof permissionAssignments.$inferSelect;
export type CommandRankRow = typeof permissionCommands.$inferSelect;

export interface Invoker {
  userId: string;
  guildId: string | null;
  /** The guild owner's id, when in a guild. */
  guildOwnerId: string | null;
  roleIds: readonly string[];
}

export type Decision =
  | { allowed: true; bypass: 'owner' | 'sysadmin' | 'guild-owner' | null; required: number; current: number }
  | { allowed: false; reason: 'owner-only' | 'rank'; required: number; current: number; message: string };

const TTL = 2 * 60 * 60 * 1000;

function checkRankNumber(rank: number): void {
  if (!Number.isInteger(rank) || rank < 0 || rank > MAX_RANK) {
    throw new UserError('permission.rank_range', `Ranks are whole numbers from 0 to ${MAX_RANK}; \`${rank}\` is not.`);
  }
}

export class PermissionService {
  private readonly ranksCache = new LRUCache<string, RankRow[]>({ max: 5000, ttl: TTL });
  private readonly assignmentsCache = new LRUCache<string, Map<string, number>>({ max: 5000, ttl: TTL });
  private readonly commandsCache = new LRUCache<string, Map<string, number>>({ max: 5000, ttl: TTL });

  constructor(
    private readonly db: Db,
    private readonly config: ConfigStore,
  ) {}

  isOwner(userId: string): boolean {
    return this.config.current().bot.owner_ids.includes(userId);
  }

  isSysadmin(userId: string): boolean {
    return this.config.current().bot.sysadmin_ids.includes(userId);
  }

  // Ranks

  /** Creates the default ranks 0–7 when the guild has no ranks. Returns whether it created them. */
  ensureDefaultRanks(guildId: string): boolean {
    const now = Date.now();
    const created = this.db.transaction(() => {
      const any = this.db.orm
        .select({ r: permissionRanks.rank })
        .from(permissionRanks)
        .where(eq(permissionRanks.guildId, guildId))
        .get();
      if (any) return false;
      for (const r of DEFAULT_RANKS) {
        this.db.orm
          .insert(permissionRanks)
          .values({ guildId, ...r, createdAt: now })
          .onConflictDoNothing()
          .run();
      }
      return true;
    });
    if (created) this.ranksCache.delete(guildId);
    return created;
  }

  ranks(guildId: string): RankRow[] {
    let rows = this.ranksCache.get(guildId);
    if (!rows) {
      this.ensureDefaultRanks(guildId);
      rows = this.db.orm.select().from(permissionRanks).where(eq(permissionRanks.guildId, guildId)).all();
      rows.sort((a, b) => a.rank - b.rank);
      this.ranksCache.set(guildId, rows);
    }
    return rows;
  }

  rankName(guildId: string | null, rank: number): string | null {
    if (!guildId) return null;
    return this.ranks(guildId).find((r) => r.rank === rank)?.name ?? null;
  }

  createRank(guildId: string, rank: number, name: string, description = ''): RankRow {
    checkRankNumber(rank);
    const trimmed = name.trim();
    if (trimmed.length < 1 || trimmed.length > 100) {
      throw new UserError('permission.rank_name', 'A rank name is 1 to 100 characters.');
    }
    if (description.length > 500)
      throw new UserError('permission.rank_description', 'A rank description is at most 500 characters.');
    const existing = this.ranks(guildId);
    if (existing.some((r) => r.rank === rank)) {
      throw new UserError(
        'permission.rank_exists',
        `Rank ${rank} already exists. Delete it first or pick a free number.`,
      );
    }
    if (existing.some((r) => r.name.toLowerCase() === trimmed.toLowerCase())) {
      throw new UserError('permission.rank_name_taken', `A rank named "${trimmed}" already exists.`);
    }
    const row = { guildId, rank, name: trimmed, description, createdAt: Date.now() };
    this.db.orm.insert(permissionRanks).values(row).run();
    this.ranksCache.delete(guildId);
    return row;
  }

  /** Deletes a rank and the role assignments and command settings that used it. Returns what was removed. */
  deleteRank(guildId: string, rank: number): { roles: number; commands: number } {
    checkRankNumber(rank);
    if (!this.ranks(guildId).some((r) => r.rank === rank)) {
      throw new UserError(
        'permission.rank_missing',
        `Rank ${rank} does not exist. See the ranks with \`config ranks list\`.`,
      );
    }
    const removed = this.db.transaction(() => {
      this.db.orm
        .delete(permissionRanks)
        .where(and(eq(permissionRanks.guildId, guildId), eq(permissionRanks.rank, rank)))
        .run();
      const roles = this.db.orm
        .delete(permissionAssignments)
        .where(and(eq(permissionAssignments.guildId, guildId), eq(permissionAssignments.rank, rank)))
        .run().changes;
      const commands = this.db.orm
        .delete(permissionCommands)
        .where(and(eq(permissionCommands.guildId, guildId), eq(permissionCommands.rank, rank)))
        .run().changes;
      return { roles, commands };
    });
    this.invalidate(guildId);
    return removed;
  }

  private requireRank(guildId: string, rank: number): void {
    checkRankNumber(rank);
    if (!this.ranks(guildId).some((r) => r.rank === rank)) {
      throw new UserError(
        'permission.rank_missing',
        `Rank ${rank} does not exist. Create it with \`config ranks create\` or see \`config ranks list\`.`,
      );
    }
  }

  // Role assignments

  assignments(guildId: string): Map<string, number> {
    let map = this.assignmentsCache.get(guildId);
    if (!map) {
      const rows = this.db.orm
        .select()
        .from(permissionAssignments)
        .where(eq(permissionAssignments.guildId, guildId))
        .all();
      map = new Map(rows.map((r) => [r.roleId, r.rank]));
      this.assignmentsCache.set(guildId, map);
    }
    return map;
  }

  assignRole(guildId: string, roleId: string, rank: number): void {
    this.requireRank(guildId, rank);
    this.db.orm
      .insert(permissionAssignments)
      .values({ guildId, roleId, rank, createdAt: Date.now() })
      .onConflictDoUpdate({ target: [permissionAssignments.guildId, permissionAssignments.roleId], set: { rank } })
      .run();
    this.assignmentsCache.delete(guildId);
  }

  /** Returns false when the role had no rank. */
  unassignRole(guildId: string, roleId: string): boolean {
    const changes = this.db.orm
      .delete(permissionAssignments)
      .where(and(eq(permissionAssignments.guildId, guildId), eq(permissionAssignments.roleId, roleId)))
      .run().changes;
    this.assignmentsCache.delete(guildId);
    return changes > 0;
  }

  /** Highest rank over the roles; 0 when none is assigned. */
  userRank(guildId: string | null, roleIds: readonly string[]): number {
    if (!guildId) return 0;
    const map = this.assignments(guildId);
    let best = 0;
    for (const id of roleIds) best = Math.max(best, map.get(id) ?? 0);
    return best;
  }

  // Command overrides

  commandRanks(guildId: string): Map<string, number> {
    let map = this.commandsCache.get(guildId);
    if (!map) {
      const rows = this.db.orm.select().from(permissionCommands).where(eq(permissionCommands.guildId, guildId)).all();
      map = new Map(rows.map((r) => [r.command, r.rank]));
      this.commandsCache.set(guildId, map);
    }
    return map;
  }

  setCommandRank(guildId: string, command: RegisteredCommand, rank: number): void {
    if (command.ownerOnly) {
      throw new UserError(
        'permission.restricted',
        `Cannot assign a permission rank to \`${command.qualifiedName}\`: it is restricted to bot owners.`,
      );
    }
    this.requireRank(guildId, rank);
    this.db.orm
      .insert(permissionCommands)
      .values({ guildId, command: command.qualifiedName, rank, updatedAt: Date.now() })
      .onConflictDoUpdate({
        target: [permissionCommands.guildId, permissionCommands.command],
        set: { rank, updatedAt: Date.now() },
      })
      .run();
    this.commandsCache.delete(guildId);
  }

  /** Removes a guild override; the command falls back to its parent's setting or its default. */
  resetCommandRank(guildId: string, qualifiedName: string): boolean {
    const changes = this.db.orm
      .delete(permissionCommands)
      .where(and(eq(permissionCommands.guildId, guildId), eq(permissionCommands.command, qualifiedName)))
      .run().changes;
    this.commandsCache.delete(guildId);
    return changes > 0;
  }

  /** The rank a command needs here: the nearest override up the command path, else its default rank. */
  requiredRank(
    guildId: string | null,
    command: RegisteredCommand,
  ): { rank: number; source: 'override' | 'default'; from: string } {
    if (guildId) {
      const overrides = this.commandRanks(guildId);
      for (let c: RegisteredCommand | null = command; c; c = c.parent) {
        const r = overrides.get(c.qualifiedName);
        if (r !== undefined) return { rank: r, source: 'override', from: c.qualifiedName };
      }
    }
    return { rank: command.defaultRank, source: 'default', from: command.qualifiedName };
  }

  /** Decides whether the invoker may run the command. */
  check(invoker: Invoker, command: RegisteredCommand): Decision {
    if (this.isOwner(invoker.userId)) {
      return { allowed: true, bypass: 'owner', required: 0, current: MAX_RANK };
    }
    if (command.ownerOnly) {
      return {
        allowed: false,
        reason: 'owner-only',
        required: MAX_RANK,
        current: 0,
        message: `**\`${command.qualifiedName}\`** is for the bot's owners only.`,
      };
    }
    const required = this.requiredRank(invoker.guildId, command).rank;
    if (this.isSysadmin(invoker.userId)) return { allowed: true, bypass: 'sysadmin', required, current: MAX_RANK };
    if (invoker.guildOwnerId && invoker.guildOwnerId === invoker.userId) {
      return { allowed: true, bypass: 'guild-owner', required, current: MAX_RANK };
    }
    const current = this.userRank(invoker.guildId, invoker.roleIds);
    if (current >= required) return { allowed: true, bypass: null, required, current };
    const name = this.rankName(invoker.guildId, required);
    return {
      allowed: false,
      reason: 'rank',
      required,
      current,
      message: `You need permission rank **${required}**${name ? ` (${name})` : ''} to use **\`${command.qualifiedName}\`**.\n\nYour current rank: **${current}**`,
    };
  }

  invalidate(guildId?: string): void {
    for (const cache of [this.ranksCache, this.assignmentsCache, this.commandsCache] as LRUCache<string, object>[]) {
      if (guildId) cache.delete(guildId);
      else cache.clear();
    }
  }
}
