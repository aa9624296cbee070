import { sql } from 'drizzle-orm';
import type { Db } from '#core/db/types.ts';
import { caseCounters } from './schema.ts';

/**
 * Hands out the guild's next case number. Must run inside a write transaction (db.transaction, BEGIN IMMEDIATE):
 * the counter row is bumped and read in one statement, so two writers — even in two processes — can never get the
 * same number, and a rolled-back case gives its number back instead of leaving a gap.
 */
export function nextCaseNumber(db: Db, guildId: string): number {
  const row = db.orm
    .insert(caseCounters)
    .values({ guildId, lastNumber: 1 })
    .onConflictDoUpdate({ target: caseCounters.guildId, set: { lastNumber: sql`${caseCounters.lastNumber} + 1` } })
    .returning({ number: caseCounters.lastNumber })
    .get();
  return row.number;
}
