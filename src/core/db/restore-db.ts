/**
 * Replaces the appliance's database with a backup, only while the appliance is stopped. The backup must be a Tux
 * database that passes integrity_check; the current file is backed up first, and the swap is a rename, so a crash
 * at any point leaves either the old or the new database in place, never a mix.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createPrivateFile, PRIVATE_FILE_MODE } from '#core/file-permissions.ts';
import { acquireAppLock } from './app-lock.ts';
import { backupSqlite, fileTimestamp } from './backup-files.ts';
import { DbError } from './db-error.ts';
import { assertTuxDatabase, isSqliteFile } from './identity.ts';
import { defaultMigrationsDir, migrationStatus, readMigrationFiles } from './migrations.ts';
import type { Sqlite } from './types.ts';

export interface RestoreDbOptions {
  /** The appliance's database file. */
  dbPath: string;
  /** The backup to restore. */
  source: string;
  /** Where the current database is saved first (`pre-restore-<timestamp>.db`). */
  backupsDir: string;
  migrationsDir?: string;
}

export interface RestoreDbResult {
  /** The copy of the replaced database, or null when there was none. */
  previous: string | null;
  bytes: number;
  /** Migrations the appliance will apply at its next start. */
  pending: string[];
}

function fsyncPath(p: string): void {
  const fd = fs.openSync(p, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Checks that `source` is a sound Tux database this version can use; returns it open (read-only) and the migrations
 * it still needs. The caller closes it.
 */
export function validateSource(source: string, migrationsDir: string): { src: Sqlite; pending: string[] } {
  if (!fs.existsSync(source)) throw new DbError('not-a-database', `There is no file ${source}.`);
  if (!isSqliteFile(source) || fs.statSync(source).size === 0) {
    throw new DbError('not-a-database', `${source} is not a SQLite database; nothing was restored.`);
  }
  const src = new Database(source, { readonly: true, fileMustExist: true });
  try {
    if (assertTuxDatabase(src, source)) {
      throw new DbError('foreign-database', `${source} is an empty database, not a Tux backup; nothing was restored.`);
    }
    const check = (src.pragma('integrity_check(5)') as { integrity_check: string }[]).map((r) => r.integrity_check);
    if (check.join() !== 'ok') {
      throw new DbError(
        'corrupt',
        `${source} is damaged (integrity_check: ${check.join('; ')}); nothing was restored. Choose another backup.`,
      );
    }
    const status = migrationStatus(src, readMigrationFiles(migrationsDir));
    if (status.unknown.length > 0) {
      throw new DbError(
        'foreign-database',
        `${source} comes from a newer version of Tux (${status.unknown.length} unknown migration(s)); nothing was restored. Restore it with that version.`,
      );
    }
    return { src, pending: status.pending.map((m) => m.tag) };
  } catch (err) {
    src.close();
    if (err instanceof DbError) throw err;
    throw new DbError('not-a-database', `${source} cannot be read as a database (${(err as Error).message}).`, {
      cause: err,
    });
  }
}

export async function restoreDb(opts: RestoreDbOptions): Promise<RestoreDbResult> {
  const dbPath = path.resolve(opts.dbPath);
  const source = path.resolve(opts.source);
  if (source === dbPath) throw new DbError('not-a-database', `${source} is the live database itself; choose a backup.`);
  fs.mkdirSync(path.dirname(dbPath), { recursive: true });
  // Held for the whole swap: refuses while the appliance runs, and keeps it from starting halfway.
  const lock = acquireAppLock(dbPath, 'a restore');
  try {
    const { src, pending } = validateSource(source, opts.migrationsDir ?? defaultMigrationsDir);
    const tmp = `${dbPath}.restore-${process.pid}.tmp`;
    let previous: string | null = null;
    try {
      if (fs.existsSync(dbPath) && fs.statSync(dbPath).size > 0) {
        const cur = new Database(dbPath, { fileMustExist: true });
        try {
          previous = path.join(path.resolve(opts.backupsDir), `pre-restore-${fileTimestamp()}.db`);
          await backupSqlite(cur, previous);
          // Fold the WAL into the file so no stale -wal can be replayed onto the restored database.
          cur.pragma('wal_checkpoint(TRUNCATE)');
        } finally {
          cur.close();
        }
      }
      createPrivateFile(tmp);
      await src.backup(tmp);
    } finally {
      src.close();
    }
    fs.chmodSync(tmp, PRIVATE_FILE_MODE);
    fsyncPath(tmp);
    for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(`${dbPath}${suffix}`, { force: true });
    fs.renameSync(tmp, dbPath);
    fsyncPath(path.dirname(dbPath));
    return { previous, bytes: fs.statSync(dbPath).size, pending };
  } finally {
    for (const f of fs.readdirSync(path.dirname(dbPath))) {
      if (f.startsWith(`${path.basename(dbPath)}.restore-${process.pid}`))
        fs.rmSync(path.join(path.dirname(dbPath), f));
    }
    lock.release();
  }
}
