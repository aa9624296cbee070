/**
 * Reading and writing cases. Every function takes the database it works on; nothing is cached, so the SSH console,
 * the CLI and the bot see the same rows.
 */
import { and, count, desc, eq, gte, inArray, ne, type SQL } from 'drizzle-orm';
import type { Db } from '#core/db/types.ts';
import { nextCaseNumber } from './case-numbering.ts';
import type { CaseTypeRegistry } from './case-types.ts';
import { type CaseRow, cases } from './schema.ts';

export const MAX_REASON_LENGTH = 2000;
export const DEFAULT_REASON = 'No reason provided';

export interface Case {
  id: number;
  guildId: string;
  number: number;
  type: string;
  userId: string;
  moderatorId: string;
  reason: string;
  active: boolean;
  processed: boolean;
  expiresAt: number | null;
  userRoles: string[];
  metadata: Record<string, unknown>;
  modLogChannelId: string | null;
  modLogMessageId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface NewCase {
  guildId: string;
  type: string;
  userId: string;
  moderatorId: string;
  reason?: string;
  expiresAt?: number | null;
  userRoles?: readonly string[];
  metadata?: Record<string, unknown>;
  /** False records the case already voided (the Discord action failed). Default true. */
  active?: boolean;
  /** Default Date.now(). */
  now?: number;
}

export interface RecordedCase {
  case: Case;
  /** Earlier active cases this one closed (an UNBAN closes the TEMPBAN), so their expiry jobs can be cancelled. */
  closed: Case[];
}

export class CaseError extends Error {
  override readonly name = 'CaseError';
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function toCase(row: CaseRow): Case {
  return {
    ...row,
    userRoles: parseJson<string[]>(row.userRoles, []),
    metadata: parseJson<Record<string, unknown>>(row.metadata, {}),
  };
}

/** Trims the reason and applies the default; rejects one over 2000 characters. */
export function normaliseReason(reason: string | undefined | null): string {
  const text = (reason ?? '').trim();
  if (text.length > MAX_REASON_LENGTH) {
    throw new CaseError(
      `The reason is ${text.length} characters long; the most allowed is ${MAX_REASON_LENGTH}. Shorten it and try again.`,
    );
  }
  return text === '' ? DEFAULT_REASON : text;
}

/** The reason of a voided case: "<reason> [VOIDED: <cause>]", cut so the whole stays within 2000 characters. */
export function voidedReason(reason: string, cause: string): string {
  const suffix = ` [VOIDED: ${cause.slice(0, 300)}]`;
  return reason.slice(0, MAX_REASON_LENGTH - suffix.length) + suffix;
}

/**
 * Records a case with the guild's next number, and closes the earlier active cases its type closes, all in one
 * BEGIN IMMEDIATE transaction.
 */
export function recordCase(db: Db, types: CaseTypeRegistry, input: NewCase): RecordedCase {
  const type = types.get(input.type);
  if (!type) throw new CaseError(`unknown case type "${input.type}" (known: ${types.names().join(', ')})`);
  const reason = normaliseReason(input.reason);
  const now = input.now ?? Date.now();
  return db.transaction(() => {
    const number = nextCaseNumber(db, input.guildId);
    const row = db.orm
      .insert(cases)
      .values({
        guildId: input.guildId,
        number,
        type: type.name,
        userId: input.userId,
        moderatorId: input.moderatorId,
        reason,
        active: input.active ?? true,
        expiresAt: input.expiresAt ?? null,
        userRoles: JSON.stringify(input.userRoles ?? []),
        metadata: JSON.stringify(input.metadata ?? {}),
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    let closed: Case[] = [];
    if (type.closes && type.closes.length > 0 && (input.active ?? true)) {
      closed = db.orm
        .update(cases)
        .set({ active: false, processed: true, updatedAt: now })
        .where(
          and(
            eq(cases.guildId, input.guildId),
            eq(cases.userId, input.userId),
            eq(cases.active, true),
            inArray(cases.type, [...type.closes]),
            ne(cases.id, row.id),
          ),
        )
        .returning()
        .all()
        .map(toCase);
    }
    return { case: toCase(row), closed };
  });
}

export function getCase(db: Db, guildId: string, number: number): Case | undefined {
  const row = db.orm
    .select()
    .from(cases)
    .where(and(eq(cases.guildId, guildId), eq(cases.number, number)))
    .get();
  return row ? toCase(row) : undefined;
}

export function getCaseById(db: Db, id: number): Case | undefined {
  const row = db.orm.select().from(cases).where(eq(cases.id, id)).get();
  return row ? toCase(row) : undefined;
}

export interface CaseFilter {
  guildId?: string;
  userId?: string;
  moderatorId?: string;
  type?: string;
  active?: boolean;
}

function where(filter: CaseFilter): SQL | undefined {
  const parts: SQL[] = [];
  if (filter.guildId !== undefined) parts.push(eq(cases.guildId, filter.guildId));
  if (filter.userId !== undefined) parts.push(eq(cases.userId, filter.userId));
  if (filter.moderatorId !== undefined) parts.push(eq(cases.moderatorId, filter.moderatorId));
  if (filter.type !== undefined) parts.push(eq(cases.type, filter.type.toUpperCase()));
  if (filter.active !== undefined) parts.push(eq(cases.active, filter.active));
  return parts.length > 0 ? and(...parts) : undefined;
}

export interface ListOptions extends CaseFilter {
  /** Default 50, at most 1000. */
  limit?: number;
  offset?: number;
}

/** Cases newest first (by guild, then number). */
export function listCases(db: Db, opts: ListOptions = {}): Case[] {
  const limit = Math.min(Math.max(1, Math.trunc(opts.limit ?? 50)), 1000);
  return db.orm
    .select()
    .from(cases)
    .where(where(opts))
    .orderBy(desc(cases.createdAt), desc(cases.number))
    .limit(limit)
    .offset(Math.max(0, Math.trunc(opts.offset ?? 0)))
    .all()
    .map(toCase);
}

export function countCases(db: Db, filter: CaseFilter = {}): number {
  return db.orm.select({ n: count() }).from(cases).where(where(filter)).get()?.n ?? 0;
}

/** The user's most recent case among these types (e.g. the latest JAIL or UNJAIL says whether they are jailed). */
export function latestCaseOf(db: Db, guildId: string, userId: string, types: readonly string[]): Case | undefined {
  const row = db.orm
    .select()
    .from(cases)
    .where(and(eq(cases.guildId, guildId), eq(cases.userId, userId), inArray(cases.type, [...types])))
    .orderBy(desc(cases.number))
    .limit(1)
    .get();
  return row ? toCase(row) : undefined;
}

/** Active cases of a type for a user created at or after `since` (escalation counts warnings with this). */
export function countActiveCases(db: Db, guildId: string, userId: string, type: string, since = 0): number {
  return (
    db.orm
      .select({ n: count() })
      .from(cases)
      .where(
        and(
          eq(cases.guildId, guildId),
          eq(cases.userId, userId),
          eq(cases.type, type),
          eq(cases.active, true),
          gte(cases.createdAt, since),
        ),
      )
      .get()?.n ?? 0
  );
}

export interface CaseChanges {
  active?: boolean;
  processed?: boolean;
  reason?: string;
  metadata?: Record<string, unknown>;
  now?: number;
}

/** Applies changes to one case; returns the updated case, or undefined when there is no such case. */
export function updateCase(db: Db, id: number, changes: CaseChanges): Case | undefined {
  const set: Partial<CaseRow> = { updatedAt: changes.now ?? Date.now() };
  if (changes.active !== undefined) set.active = changes.active;
  if (changes.processed !== undefined) set.processed = changes.processed;
  if (changes.reason !== undefined) set.reason = normaliseReason(changes.reason);
  if (changes.metadata !== undefined) set.metadata = JSON.stringify(changes.metadata);
  const row = db.orm.update(cases).set(set).where(eq(cases.id, id)).returning().get();
  return row ? toCase(row) : undefined;
}

/** Remembers where the case was posted in the mod log, so a later edit can update that message. */
export function setModLogMessage(db: Db, id: number, channelId: string, messageId: string): void {
  db.orm.update(cases).set({ modLogChannelId: channelId, modLogMessageId: messageId }).where(eq(cases.id, id)).run();
}
