/**
 * The append-only, hash-chained audit trail. Each row's hash is sha256(prevHash + canonical JSON of its fields), the
 * first row chaining to 64 zeros; rows are appended in a BEGIN IMMEDIATE transaction so writers in several connections
 * or processes still form one chain. Triggers refuse UPDATE and DELETE; the chain exposes changes made around them.
 * Rows deleted from the end are caught through SQLite's AUTOINCREMENT counter (sqlite_sequence).
 */
import crypto from 'node:crypto';
import { type AnyColumn, and, desc, eq, gte, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '#core/db/types.ts';
import { canonicalJson } from './canonical-json.ts';
import { auditLog } from './schema.ts';
import type { AuditFilter, AuditInput, AuditOutcome, AuditRow, AuditTrail, AuditVerifyResult } from './types.ts';

export const GENESIS_HASH = '0'.repeat(64);
/** Details larger than this (as JSON) are replaced by a marked, shortened preview. */
export const MAX_DETAILS_BYTES = 8192;
const PREVIEW_CHARS = 2048;
const MAX_QUERY = 10_000;
const OUTCOMES: readonly AuditOutcome[] = ['ok', 'denied', 'failed', 'error'];
/** Keys whose values are masked even if a caller forgot to: defence in depth for secrets. */
const SECRET_KEY = /(token|password|passphrase|secret|private_?key)/i;
const MASK = '********';

export interface AuditTrailOptions {
  db: Db;
  now?: () => number;
}

interface HashedFields {
  id: number;
  time: number;
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  outcome: string;
}

export function hashAuditRow(prevHash: string, f: HashedFields): string {
  const body = canonicalJson({
    id: f.id,
    time: f.time,
    actor: f.actor,
    action: f.action,
    target: f.target,
    details: f.details,
    outcome: f.outcome,
  });
  return crypto
    .createHash('sha256')
    .update(prevHash + body)
    .digest('hex');
}

function maskSecrets(value: unknown, depth = 0): unknown {
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [
      k,
      SECRET_KEY.test(k) && typeof v === 'string' && v !== '' ? MASK : maskSecrets(v, depth + 1),
    ]),
  );
}

/** Details as stored: masked, JSON-normalised, and shortened (with a marker) when oversized. */
export function normaliseDetails(details: Record<string, unknown> | undefined): Record<string, unknown> {
  if (details === undefined || details === null) return {};
  let text: string;
  try {
    text = canonicalJson(maskSecrets(details)) ?? '{}';
  } catch (err) {
    return { _unserializable: true, error: (err as Error).message };
  }
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_DETAILS_BYTES)
    return { _truncated: true, originalBytes: bytes, preview: text.slice(0, PREVIEW_CHARS) };
  const parsed: unknown = JSON.parse(text);
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : { value: parsed };
}

type Row = typeof auditLog.$inferSelect;

function toAuditRow(r: Row): AuditRow {
  let details: Record<string, unknown>;
  try {
    details = JSON.parse(r.details) as Record<string, unknown>;
  } catch {
    details = { _unparsable: r.details };
  }
  return {
    id: r.id,
    time: r.time,
    actor: r.actor,
    action: r.action,
    target: r.target,
    details,
    outcome: r.outcome as AuditOutcome,
    prevHash: r.prevHash,
    hash: r.hash,
  };
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function createAuditTrail(opts: AuditTrailOptions): AuditTrail {
  const { db } = opts;
  const orm = db.orm;
  const now = opts.now ?? Date.now;
  const listeners = new Set<(row: AuditRow) => void>();

  function highestIdEverUsed(): number {
    const seq = db.sqlite.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'`).get() as
      | { seq: number }
      | undefined;
    return seq?.seq ?? 0;
  }

  return {
    record(input: AuditInput): AuditRow {
      if (typeof input.actor !== 'string' || input.actor === '') throw new TypeError('Audit actor must be set.');
      if (typeof input.action !== 'string' || input.action === '') throw new TypeError('Audit action must be set.');
      if (!OUTCOMES.includes(input.outcome)) {
        throw new TypeError(`Audit outcome must be one of ${OUTCOMES.join(', ')}, got ${String(input.outcome)}.`);
      }
      const details = normaliseDetails(input.details);
      const target = input.target ?? null;
      const row = db.transaction(() => {
        const last = orm
          .select({ id: auditLog.id, hash: auditLog.hash })
          .from(auditLog)
          .orderBy(desc(auditLog.id))
          .limit(1)
          .get();
        // Never reuse an id, even one whose row was removed behind the triggers' back: the gap stays visible.
        const id = Math.max(last?.id ?? 0, highestIdEverUsed()) + 1;
        const prevHash = last?.hash ?? GENESIS_HASH;
        const fields: HashedFields = {
          id,
          time: Math.trunc(now()),
          actor: input.actor,
          action: input.action,
          target,
          details,
          outcome: input.outcome,
        };
        const hash = hashAuditRow(prevHash, fields);
        orm
          .insert(auditLog)
          .values({ ...fields, details: canonicalJson(details), prevHash, hash })
          .run();
        return { ...fields, outcome: input.outcome, prevHash, hash };
      });
      for (const listener of listeners) {
        try {
          listener(row);
        } catch {
          // A broken listener must not undo or block an audit record.
        }
      }
      return row;
    },

    query(filter: AuditFilter = {}): AuditRow[] {
      const conds: SQL[] = [];
      if (filter.actor !== undefined) conds.push(eq(auditLog.actor, filter.actor));
      if (filter.action !== undefined && filter.action !== '') {
        conds.push(sql`substr(${auditLog.action}, 1, ${filter.action.length}) = ${filter.action}`);
      }
      if (filter.outcome !== undefined) conds.push(eq(auditLog.outcome, filter.outcome));
      if (filter.since !== undefined) conds.push(gte(auditLog.time, filter.since));
      if (filter.until !== undefined) conds.push(lte(auditLog.time, filter.until));
      if (filter.text !== undefined && filter.text !== '') {
        const pattern = `%${escapeLike(filter.text)}%`;
        const like = (col: AnyColumn) => sql`${col} LIKE ${pattern} ESCAPE '\\'`;
        conds.push(or(like(auditLog.actor), like(auditLog.action), like(auditLog.target), like(auditLog.details))!);
      }
      const limit = Math.max(1, Math.min(filter.limit ?? 100, MAX_QUERY));
      return orm
        .select()
        .from(auditLog)
        .where(conds.length > 0 ? and(...conds) : undefined)
        .orderBy(desc(auditLog.id))
        .limit(limit)
        .all()
        .map(toAuditRow);
    },

    verify(): AuditVerifyResult {
      // One read transaction: a consistent snapshot even while the appliance appends.
      return db.sqlite
        .transaction((): AuditVerifyResult => {
          let rows = 0;
          let prev: { id: number; hash: string } | undefined;
          const iter = db.sqlite
            .prepare(
              'SELECT id, time, actor, action, target, details, outcome, prev_hash AS prevHash, hash FROM audit_log ORDER BY id',
            )
            .iterate() as IterableIterator<Row>;
          for (const r of iter) {
            rows++;
            const broken = (reason: string): AuditVerifyResult => {
              return { ok: false, rows, firstBroken: { id: r.id, reason } };
            };
            const expectedPrev = prev?.hash ?? GENESIS_HASH;
            const expectedId = (prev?.id ?? 0) + 1;
            if (r.id !== expectedId) {
              return broken(
                prev
                  ? `row(s) ${expectedId}..${r.id - 1} before it are missing (deleted)`
                  : `rows before it are missing: the trail should start at id 1`,
              );
            }
            if (r.prevHash !== expectedPrev) {
              return broken(
                prev
                  ? `its prev_hash does not match row ${prev.id}'s hash (rows deleted, inserted or reordered)`
                  : 'the first row does not chain to the genesis hash',
              );
            }
            let details: Record<string, unknown>;
            try {
              details = JSON.parse(r.details) as Record<string, unknown>;
            } catch {
              return broken('its details are not valid JSON (edited)');
            }
            if (hashAuditRow(r.prevHash, { ...r, details }) !== r.hash) {
              return broken('its content does not match its hash (edited)');
            }
            prev = { id: r.id, hash: r.hash };
          }
          const seq = highestIdEverUsed();
          if (seq > (prev?.id ?? 0)) {
            return {
              ok: false,
              rows,
              firstBroken: {
                id: (prev?.id ?? 0) + 1,
                reason: `rows ${(prev?.id ?? 0) + 1}..${seq} at the end of the trail are missing (deleted)`,
              },
            };
          }
          return { ok: true, rows };
        })
        .deferred();
    },

    onRecord(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
