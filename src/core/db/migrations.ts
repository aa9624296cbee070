/**
 * Reads the drizzle-kit migrations folder and applies what is pending. The bookkeeping is drizzle's own
 * (`__drizzle_migrations`: sha256 of the file, `created_at` = the journal's `when`), so `drizzle-kit migrate` and this
 * code agree on what is applied. We apply them ourselves rather than through drizzle's migrator only to know which
 * migration failed and to check foreign keys before committing; like drizzle's, everything runs in ONE transaction.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { appRoot } from '../app-root.ts';
import { DbError } from './db-error.ts';
import type { Sqlite } from './types.ts';

/** The checked-in migrations, in Tux's install directory (never from the working directory). */
export const defaultMigrationsDir = path.join(appRoot(), 'migrations');

export const migrationsTable = '__drizzle_migrations';

export interface MigrationFile {
  tag: string;
  /** Journal timestamp; drizzle stores it as created_at and compares by it. */
  when: number;
  hash: string;
  statements: string[];
}

export interface MigrationStatus {
  applied: { tag: string; when: number }[];
  pending: MigrationFile[];
  /** Applied migrations that this build does not know: the database was upgraded by a newer Tux. */
  unknown: { when: number; hash: string }[];
  /** Tag of the newest applied migration, or null for an empty database. */
  version: string | null;
}

interface Journal {
  entries: { tag: string; when: number }[];
}

export function readMigrationFiles(dir: string): MigrationFile[] {
  const journalPath = path.join(dir, 'meta', '_journal.json');
  let journal: Journal;
  try {
    journal = JSON.parse(fs.readFileSync(journalPath, 'utf8')) as Journal;
  } catch (err) {
    throw new DbError(
      'migrations-missing',
      `Cannot read the migrations journal ${journalPath}: ${(err as Error).message}. The installation is incomplete; reinstall Tux.`,
      { cause: err },
    );
  }
  return journal.entries.map((e) => {
    const file = path.join(dir, `${e.tag}.sql`);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      throw new DbError('migrations-missing', `Migration file ${file} is missing. Reinstall Tux.`, { cause: err });
    }
    return {
      tag: e.tag,
      when: e.when,
      hash: crypto.createHash('sha256').update(text).digest('hex'),
      statements: text
        .split('--> statement-breakpoint')
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    };
  });
}

function appliedRows(sqlite: Sqlite): { hash: string; when: number }[] {
  const exists = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(migrationsTable);
  if (!exists) return [];
  return (
    sqlite.prepare(`SELECT hash, created_at AS "when" FROM "${migrationsTable}" ORDER BY created_at`).all() as {
      hash: string;
      when: number | string;
    }[]
  ).map((r) => ({ hash: r.hash, when: Number(r.when) }));
}

export function migrationStatus(sqlite: Sqlite, files: MigrationFile[]): MigrationStatus {
  const rows = appliedRows(sqlite);
  const last = rows.length > 0 ? Math.max(...rows.map((r) => r.when)) : null;
  const byWhen = new Map(files.map((f) => [f.when, f]));
  const applied = rows.flatMap((r) => {
    const f = byWhen.get(r.when);
    return f ? [{ tag: f.tag, when: f.when }] : [];
  });
  return {
    applied,
    // Same rule as drizzle's migrator: everything newer than the newest applied migration.
    pending: files.filter((f) => last === null || f.when > last),
    unknown: rows.filter((r) => !byWhen.has(r.when)),
    version: applied.at(-1)?.tag ?? null,
  };
}

/** Thrown inside the migration transaction; carries the tag so the caller can say which one failed. */
export class MigrationStepError extends Error {
  override readonly name = 'MigrationStepError';
  constructor(
    readonly tag: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Applies `pending` in one BEGIN IMMEDIATE transaction: all or nothing. */
export function applyMigrations(sqlite: Sqlite, pending: MigrationFile[]): void {
  if (pending.length === 0) return;
  sqlite.exec(
    `CREATE TABLE IF NOT EXISTS "${migrationsTable}" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)`,
  );
  const record = sqlite.prepare(`INSERT INTO "${migrationsTable}" ("hash", "created_at") VALUES (?, ?)`);
  // Table rebuilds (drizzle-kit's way to alter SQLite columns) need foreign keys off; the pragma is a no-op inside a
  // transaction, so switch it here and check the whole result before committing.
  const fkWasOn = sqlite.pragma('foreign_keys', { simple: true }) === 1;
  sqlite.pragma('foreign_keys = OFF');
  try {
    sqlite
      .transaction(() => {
        for (const m of pending) {
          try {
            for (const stmt of m.statements) sqlite.exec(stmt);
          } catch (err) {
            throw new MigrationStepError(m.tag, (err as Error).message, { cause: err });
          }
          record.run(m.hash, m.when);
        }
        const violations = sqlite.pragma('foreign_key_check') as unknown[];
        if (violations.length > 0) {
          const last = pending.at(-1)!;
          throw new MigrationStepError(
            last.tag,
            `foreign key check failed after the upgrade (${violations.length} violation(s), first: ${JSON.stringify(violations[0])})`,
          );
        }
      })
      .immediate();
  } finally {
    if (fkWasOn) sqlite.pragma('foreign_keys = ON');
  }
}
