/** Levels rows: one atomic upsert per XP grant (no read first), and the reads the commands need. */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '#core/db/types.ts';
import { levels } from './schema.ts';

export interface LevelRow {
  guildId: string;
  userId: string;
  xp: number;
  level: number;
  blacklisted: boolean;
  hidden: boolean;
}

const EMPTY = { xp: 0, level: 0, blacklisted: false, hidden: false };

export function getLevel(db: Db, guildId: string, userId: string): LevelRow {
  const row = db.orm
    .select()
    .from(levels)
    .where(and(eq(levels.guildId, guildId), eq(levels.userId, userId)))
    .get();
  return row ?? { guildId, userId, ...EMPTY };
}

/**
 * Adds XP (never past `maxXp`) unless the member is blacklisted, and returns the row after the change. One
 * statement: the grant is durable when it returns and costs no read.
 */
export function grantXp(
  db: Db,
  guildId: string,
  userId: string,
  amount: number,
  maxXp: number | null,
  now: number,
): LevelRow {
  const cap = maxXp ?? Number.MAX_VALUE;
  const row = db.sqlite
    .prepare(
      `INSERT INTO levels (guild_id, user_id, xp, level, blacklisted, hidden, last_message_at)
       VALUES (?, ?, MIN(?, ?), 0, 0, 0, ?)
       ON CONFLICT (guild_id, user_id) DO UPDATE SET
         xp = CASE WHEN blacklisted THEN xp ELSE MAX(xp, MIN(xp + excluded.xp, ?)) END,
         last_message_at = excluded.last_message_at
       RETURNING xp, level, blacklisted, hidden`,
    )
    .get(guildId, userId, amount, cap, now, cap) as { xp: number; level: number; blacklisted: number; hidden: number };
  return { guildId, userId, xp: row.xp, level: row.level, blacklisted: !!row.blacklisted, hidden: !!row.hidden };
}

export function setLevelRow(
  db: Db,
  guildId: string,
  userId: string,
  patch: Partial<Omit<LevelRow, 'guildId' | 'userId'>>,
): LevelRow {
  const next = { ...getLevel(db, guildId, userId), ...patch };
  db.orm
    .insert(levels)
    .values({ guildId, userId, xp: next.xp, level: next.level, blacklisted: next.blacklisted, hidden: next.hidden })
    .onConflictDoUpdate({
      target: [levels.guildId, levels.userId],
      set: { xp: next.xp, level: next.level, blacklisted: next.blacklisted, hidden: next.hidden },
    })
    .run();
  return next;
}

/** Members by XP, best first, without blacklisted or opted-out members. */
export function topMembers(db: Db, guildId: string, limit: number, offset = 0): LevelRow[] {
  return db.orm
    .select()
    .from(levels)
    .where(
      and(eq(levels.guildId, guildId), eq(levels.blacklisted, false), eq(levels.hidden, false), sql`${levels.xp} > 0`),
    )
    .orderBy(desc(levels.xp), levels.userId)
    .limit(limit)
    .offset(offset)
    .all();
}

export function countRanked(db: Db, guildId: string): number {
  const row = db.orm
    .select({ n: sql<number>`count(*)` })
    .from(levels)
    .where(
      and(eq(levels.guildId, guildId), eq(levels.blacklisted, false), eq(levels.hidden, false), sql`${levels.xp} > 0`),
    )
    .get();
  return row?.n ?? 0;
}
