import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createPrivateFile, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '#core/file-permissions.ts';
import type { Sqlite } from './types.ts';

/** A file-name-safe UTC timestamp that sorts in time order: 2026-01-31T12-00-00-000Z. */
export function fileTimestamp(time: number = Date.now()): string {
  return new Date(time).toISOString().replace(/[:.]/g, '-');
}

/**
 * Online copy of a live database with the SQLite backup API (consistent even while others write; includes the WAL).
 * The copy uses a rollback journal, not WAL, so it is a single file. Writes to a temp name and renames, so `dest` is
 * either absent or complete. The copy is 0600. Returns the size of `dest` in bytes.
 */
export async function backupSqlite(sqlite: Sqlite, dest: string): Promise<number> {
  // New folders are 0700; an existing folder chosen by the admin is left as it is.
  fs.mkdirSync(path.dirname(dest), { recursive: true, mode: PRIVATE_DIR_MODE });
  const tmp = `${dest}.partial-${process.pid}`;
  try {
    // Created 0600 before SQLite writes into it, so the copy is never readable by others, whatever the umask.
    createPrivateFile(tmp);
    await sqlite.backup(tmp);
    // The copy inherits WAL mode; switch it back so the backup stays one self-contained file when opened.
    const copy = new Database(tmp);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    fs.chmodSync(tmp, PRIVATE_FILE_MODE);
    fs.renameSync(tmp, dest);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  return fs.statSync(dest).size;
}

/** Deletes the oldest `<prefix>*.db` files in dir so that `keep` remain. Returns the deleted paths. */
export function pruneBackups(dir: string, prefix: string, keep: number): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.startsWith(prefix) && n.endsWith('.db'));
  } catch {
    return [];
  }
  // Names embed a sortable timestamp, so name order is time order.
  names.sort();
  const doomed = names.slice(0, Math.max(0, names.length - Math.max(1, keep)));
  for (const n of doomed) {
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(path.join(dir, n + suffix), { force: true });
  }
  return doomed.map((n) => path.join(dir, n));
}

export interface BackupFile {
  file: string;
  name: string;
  bytes: number;
  /** Modification time, epoch ms. */
  mtimeMs: number;
}

/** The `*.db` backups in dir, newest first (an absent dir has none). */
export function listBackups(dir: string): BackupFile[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.db'));
  } catch {
    return [];
  }
  const out: BackupFile[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const st = fs.statSync(file, { throwIfNoEntry: false });
    if (st?.isFile()) out.push({ file, name, bytes: st.size, mtimeMs: st.mtimeMs });
  }
  return out.sort((a, b) => b.mtimeMs - a.mtimeMs || b.name.localeCompare(a.name));
}

/** Prefix of the backups made on a schedule (`[backup]`); only these are pruned to `backup.keep`. */
export const SCHEDULED_BACKUP_PREFIX = 'scheduled-';

/** Where scheduled backups go: `backup.dir` (relative to the data dir), or `<data>/backups` when empty. */
export function scheduledBackupDir(dataDir: string, configuredDir: string): string {
  return configuredDir ? path.resolve(dataDir, configuredDir) : path.join(dataDir, 'backups');
}
