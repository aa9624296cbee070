/**
 * The append-only, hash-chained audit trail. Each row's hash is HMAC-SHA256(key, prevHash + canonical JSON of its
 * fields), the first row chaining to 64 zeros; the key and a head record (id and hash of the newest row) live in the
 * keys folder, outside the database (see audit-anchor.ts). Rows written before the key existed carry plain
 * sha256(prevHash + JSON); they may only come before the first keyed row, whose prevHash pins them.
 * Rows are appended in a BEGIN IMMEDIATE transaction so writers in several connections or processes still form one
 * chain. Triggers refuse UPDATE and DELETE; the chain exposes changes made around them. Rows deleted from the end are
 * caught by the head record, and by SQLite's AUTOINCREMENT counter (sqlite_sequence) when that was left alone.
 */
import crypto from 'node:crypto';
import { type AnyColumn, and, desc, eq, gte, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '#core/db/types.ts';
import { type AuditAnchor, type AuditHead, createAuditAnchor } from './audit-anchor.ts';
import { createRedactor, type Redactor } from './audit-redact.ts';
import { canonicalJson } from './canonical-json.ts';
import { auditLog } from './schema.ts';
import type { AuditFilter, AuditInput, AuditOutcome, AuditRow, AuditTrail, AuditVerifyResult } from './types.ts';

export const GENESIS_HASH = '0'.repeat(64);
/** Details larger than this (as JSON) are replaced by a marked, shortened preview. */
export const MAX_DETAILS_BYTES = 8192;
const PREVIEW_CHARS = 2048;
const MAX_QUERY = 10_000;
const OUTCOMES: readonly AuditOutcome[] = ['ok', 'denied', 'failed', 'error'];
/** The row that reports secrets found in rows written before they were masked. */
export const SECRETS_FOUND_ACTION = 'audit.secrets_found';

export interface AuditTrailOptions {
  db: Db;
  /** The keys folder: holds the HMAC key and the head record (created 0600 on the first write). */
  keysDir: string;
  now?: () => number;
  /** Current secret values (the bot token), masked wherever they appear in a row. */
  secrets?: () => readonly string[];
  /** Told when the head record cannot be written (the row itself is stored). */
  onAnchorError?: (err: unknown) => void;
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

/** HMAC-SHA256 with the audit key; plain sha256 (rows from before the key existed) when key is null. */
export function hashAuditRow(prevHash: string, f: HashedFields, key: Buffer | null = null): string {
  const body = canonicalJson({
    id: f.id,
    time: f.time,
    actor: f.actor,
    action: f.action,
    target: f.target,
    details: f.details,
    outcome: f.outcome,
  });
  const h = key ? crypto.createHmac('sha256', key) : crypto.createHash('sha256');
  return h.update(prevHash + body).digest('hex');
}

const defaultRedactor = createRedactor();

/** Details as stored: masked, JSON-normalised, and shortened (with a marker) when oversized. */
export function normaliseDetails(
  details: Record<string, unknown> | undefined,
  redact: (v: unknown) => unknown = defaultRedactor.value,
): Record<string, unknown> {
  if (details === undefined || details === null) return {};
  let text: string;
  try {
    text = canonicalJson(redact(details)) ?? '{}';
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

function toAuditRow(r: Row, redact: Redactor): AuditRow {
  let details: Record<string, unknown>;
  try {
    details = JSON.parse(r.details) as Record<string, unknown>;
  } catch {
    details = { _unparsable: r.details };
  }
  // Rows written before every field was masked may still hold a secret: mask them as they are read.
  return {
    id: r.id,
    time: r.time,
    actor: redact.text(r.actor),
    action: redact.text(r.action),
    target: r.target === null ? null : redact.text(r.target),
    details: redact.value(details) as Record<string, unknown>,
    outcome: r.outcome as AuditOutcome,
    prevHash: r.prevHash,
    hash: r.hash,
  };
}

/** The stored text of a row, for comparison with its masked form. */
function rawText(r: Row): string {
  return `${r.actor}\n${r.action}\n${r.target ?? ''}\n${r.details}`;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function createAuditTrail(opts: AuditTrailOptions): AuditTrail {
  const { db } = opts;
  const orm = db.orm;
  const now = opts.now ?? Date.now;
  const listeners = new Set<(row: AuditRow) => void>();
  const anchor: AuditAnchor = createAuditAnchor(opts.keysDir);
  const redactor = createRedactor(opts.secrets);

  function highestIdEverUsed(): number {
    const seq = db.sqlite.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'`).get() as
      | { seq: number }
      | undefined;
    return seq?.seq ?? 0;
  }

  function lastRow(): AuditHead | undefined {
    return orm
      .select({ id: auditLog.id, hash: auditLog.hash })
      .from(auditLog)
      .orderBy(desc(auditLog.id))
      .limit(1)
      .get();
  }

  function verifyRows(key: Buffer | null): AuditVerifyResult & { last: AuditHead | undefined; keyedRows: number } {
    let rows = 0;
    let keyedRows = 0;
    let prev: { id: number; hash: string } | undefined;
    const iter = db.sqlite
      .prepare(
        'SELECT id, time, actor, action, target, details, outcome, prev_hash AS prevHash, hash FROM audit_log ORDER BY id',
      )
      .iterate() as IterableIterator<Row>;
    const result = (extra: Partial<AuditVerifyResult>) => ({ ok: true, rows, keyedRows, last: prev, ...extra });
    for (const r of iter) {
      rows++;
      const broken = (reason: string) => result({ ok: false, firstBroken: { id: r.id, reason } });
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
      const fields = { ...r, details };
      if (key && hashAuditRow(r.prevHash, fields, key) === r.hash) keyedRows++;
      else if (keyedRows > 0) {
        return broken(
          key
            ? 'its content does not match its keyed hash (edited, or rewritten without the audit key)'
            : 'its content does not match its hash (edited)',
        );
      } else if (hashAuditRow(r.prevHash, fields) !== r.hash) {
        return broken(
          key
            ? 'its content does not match its hash (edited, or rewritten without the audit key)'
            : 'its content does not match its hash (edited)',
        );
      }
      prev = { id: r.id, hash: r.hash };
    }
    const seq = highestIdEverUsed();
    if (seq > (prev?.id ?? 0)) {
      return result({
        ok: false,
        firstBroken: {
          id: (prev?.id ?? 0) + 1,
          reason: `rows ${(prev?.id ?? 0) + 1}..${seq} at the end of the trail are missing (deleted)`,
        },
      });
    }
    return result({});
  }

  return {
    anchorFiles: { key: anchor.keyFile, head: anchor.headFile },

    record(input: AuditInput): AuditRow {
      if (typeof input.actor !== 'string' || input.actor === '') throw new TypeError('Audit actor must be set.');
      if (typeof input.action !== 'string' || input.action === '') throw new TypeError('Audit action must be set.');
      if (!OUTCOMES.includes(input.outcome)) {
        throw new TypeError(`Audit outcome must be one of ${OUTCOMES.join(', ')}, got ${String(input.outcome)}.`);
      }
      const details = normaliseDetails(input.details, redactor.value);
      const target = input.target === undefined || input.target === null ? null : redactor.text(input.target);
      const row = db.transaction(() => {
        const last = lastRow();
        // A new key starts its head at the current end, so from now on a cut-off end is noticed.
        const key = anchor.ensureKey(() => anchor.resetHead(last ?? { id: 0, hash: GENESIS_HASH }));
        // Never reuse an id, even one whose row was removed behind the triggers' back: the gap stays visible.
        const id = Math.max(last?.id ?? 0, highestIdEverUsed()) + 1;
        const prevHash = last?.hash ?? GENESIS_HASH;
        const fields: HashedFields = {
          id,
          time: Math.trunc(now()),
          actor: redactor.text(input.actor),
          action: redactor.text(input.action),
          target,
          details,
          outcome: input.outcome,
        };
        const hash = hashAuditRow(prevHash, fields, key);
        orm
          .insert(auditLog)
          .values({ ...fields, details: canonicalJson(details), prevHash, hash })
          .run();
        return { ...fields, outcome: input.outcome, prevHash, hash };
      });
      try {
        anchor.advanceHead({ id: row.id, hash: row.hash });
      } catch (err) {
        opts.onAnchorError?.(err);
      }
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
      const text = filter.text;
      if (text !== undefined && text !== '') {
        const pattern = `%${escapeLike(text)}%`;
        const like = (col: AnyColumn) => sql`${col} LIKE ${pattern} ESCAPE '\\'`;
        conds.push(or(like(auditLog.actor), like(auditLog.action), like(auditLog.target), like(auditLog.details))!);
      }
      const limit = Math.max(1, Math.min(filter.limit ?? 100, MAX_QUERY));
      const rows = orm
        .select()
        .from(auditLog)
        .where(conds.length > 0 ? and(...conds) : undefined)
        .orderBy(desc(auditLog.id))
        .limit(limit)
        .all()
        .map((r) => toAuditRow(r, redactor));
      if (text === undefined || text === '') return rows;
      // Match the text as shown, never a masked secret: a text search must not tell a secret character by character.
      const needle = text.toLowerCase();
      return rows.filter((r) =>
        [r.actor, r.action, r.target ?? '', JSON.stringify(r.details)].some((f) => f.toLowerCase().includes(needle)),
      );
    },

    verify(): AuditVerifyResult {
      // The head first: it is written after its row commits, so it never names a row the snapshot below lacks.
      const head = anchor.readHead();
      const keyRead = anchor.readKey();
      if (keyRead.state === 'unreadable') {
        return {
          ok: false,
          rows: 0,
          firstBroken: { id: 0, reason: `cannot read the audit key ${anchor.keyFile} (${keyRead.error})` },
        };
      }
      const key = keyRead.state === 'ok' ? keyRead.key : null;
      // One read transaction: a consistent snapshot even while the appliance appends.
      const r = db.sqlite.transaction(() => verifyRows(key)).deferred();
      const base: AuditVerifyResult = { ok: r.ok, rows: r.rows, keyedRows: r.keyedRows };
      if (r.firstBroken) base.firstBroken = r.firstBroken;
      if (!r.ok) return base;
      if (!key) {
        if (head.state === 'missing') return { ...base, anchored: false };
        return {
          ...base,
          ok: false,
          firstBroken: { id: 0, reason: `the audit key ${anchor.keyFile} is missing, but its head record exists` },
        };
      }
      if (head.state !== 'ok') {
        const why = head.state === 'missing' ? 'is missing' : `cannot be read (${head.error})`;
        return {
          ...base,
          ok: false,
          firstBroken: {
            id: (r.last?.id ?? 0) + 1,
            reason: `the head record ${anchor.headFile} ${why}, so rows cut off the end would go unnoticed`,
          },
        };
      }
      const lastId = r.last?.id ?? 0;
      if (head.head.id > lastId) {
        return {
          ...base,
          ok: false,
          firstBroken: {
            id: lastId + 1,
            reason: `rows ${lastId + 1}..${head.head.id} at the end of the trail are missing (the head record names row ${head.head.id})`,
          },
        };
      }
      if (head.head.id > 0) {
        const at = orm.select({ hash: auditLog.hash }).from(auditLog).where(eq(auditLog.id, head.head.id)).get();
        if (at?.hash !== head.head.hash) {
          return {
            ...base,
            ok: false,
            firstBroken: {
              id: head.head.id,
              reason: `it does not match the head record (the end of the trail was replaced)`,
            },
          };
        }
      }
      return { ...base, anchored: true, head: head.head };
    },

    recheckStoredSecrets(): { checked: number; found: number[] } {
      const marker = orm
        .select({ details: auditLog.details })
        .from(auditLog)
        .where(eq(auditLog.action, SECRETS_FOUND_ACTION))
        .orderBy(desc(auditLog.id))
        .limit(1)
        .get();
      let after = 0;
      try {
        after = Number((JSON.parse(marker?.details ?? '{}') as { through?: unknown }).through ?? 0) || 0;
      } catch {}
      const found: number[] = [];
      let checked = 0;
      let through = after;
      const iter = db.sqlite
        .prepare(
          'SELECT id, time, actor, action, target, details, outcome, prev_hash AS prevHash, hash FROM audit_log WHERE id > ? ORDER BY id',
        )
        .iterate(after) as IterableIterator<Row>;
      for (const r of iter) {
        checked++;
        through = r.id;
        const shown = toAuditRow(r, redactor);
        const masked = `${shown.actor}\n${shown.action}\n${shown.target ?? ''}\n${canonicalJson(shown.details)}`;
        if (masked !== rawText(r)) found.push(r.id);
      }
      if (found.length > 0) {
        this.record({
          actor: 'system',
          action: SECRETS_FOUND_ACTION,
          outcome: 'ok',
          details: { rows: found.slice(0, 200), count: found.length, through },
        });
      }
      return { checked, found };
    },

    onRecord(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

/**
 * Points the head record at the newest row of `db`, whatever it said before. Only for a database that really was
 * replaced (`tux db restore`): otherwise it would hide rows cut off the end.
 */
export function reanchorAuditHead(db: Db, keysDir: string): AuditHead {
  const last = db.orm
    .select({ id: auditLog.id, hash: auditLog.hash })
    .from(auditLog)
    .orderBy(desc(auditLog.id))
    .limit(1)
    .get();
  const head = last ?? { id: 0, hash: GENESIS_HASH };
  const anchor = createAuditAnchor(keysDir);
  if (anchor.readKey().state === 'ok') anchor.resetHead(head);
  return head;
}
