/**
 * Recognises Tux's own database file. A new file gets Tux's application_id in its header; an existing file must carry
 * it, so Tux never migrates (and mangles) some other program's SQLite database that paths.data happens to point at.
 */
import fs from 'node:fs';
import { DbError } from './db-error.ts';
import type { Sqlite } from './types.ts';

/** "Tux1" in ASCII. */
export const TUX_APPLICATION_ID = 0x54757831;

const SQLITE_HEADER = 'SQLite format 3\0';

/** True for a missing or empty file (SQLite will initialise it) and for a file with the SQLite header. */
export function isSqliteFile(file: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw err;
  }
  try {
    const buf = Buffer.alloc(16);
    const n = fs.readSync(fd, buf, 0, 16, 0);
    return n === 0 || buf.toString('latin1', 0, n) === SQLITE_HEADER;
  } finally {
    fs.closeSync(fd);
  }
}

function userTableCount(sqlite: Sqlite): number {
  return (
    sqlite.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`).get() as {
      n: number;
    }
  ).n;
}

/**
 * Throws DbError('foreign-database') unless the file is Tux's or empty. Returns true for an empty (fresh) database.
 */
export function assertTuxDatabase(sqlite: Sqlite, file: string): boolean {
  const appId = Number(sqlite.pragma('application_id', { simple: true }));
  if (appId === TUX_APPLICATION_ID) return false;
  const tables = userTableCount(sqlite);
  if (appId === 0 && tables === 0) return true;
  throw new DbError(
    'foreign-database',
    `${file} is a SQLite database of another program (application_id ${appId}, ${tables} table(s)), not Tux's. ` +
      'Tux will not touch it: set paths.data to another directory, or move the file away.',
  );
}

export function markAsTux(sqlite: Sqlite): void {
  sqlite.pragma(`application_id = ${TUX_APPLICATION_ID}`);
}
