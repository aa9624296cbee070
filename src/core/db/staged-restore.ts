/**
 * A restore asked for while the appliance runs: the backup is checked and copied to `<data>/restore-staged.db`, and
 * the next start swaps it in (checking it again, saving the current database as `pre-restore-*.db` first). The live
 * database is never replaced under a running process. A staged file that fails the check at start is moved to
 * `<backups>/restore-rejected-*.db` and the appliance starts on its current database.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '#core/log/types.ts';
import { backupSqlite, fileTimestamp } from './backup-files.ts';
import { DbError } from './db-error.ts';
import { defaultMigrationsDir } from './migrations.ts';
import { restoreDb, validateSource } from './restore-db.ts';

export const STAGED_RESTORE_FILE = 'restore-staged.db';

export interface StagedRestore {
  file: string;
  bytes: number;
  /** When it was staged, epoch ms. */
  stagedAt: number;
}

export function stagedRestorePath(dataDir: string): string {
  return path.join(dataDir, STAGED_RESTORE_FILE);
}

/** The restore waiting for the next start, if any. */
export function readStagedRestore(dataDir: string): StagedRestore | null {
  const file = stagedRestorePath(dataDir);
  const st = fs.statSync(file, { throwIfNoEntry: false });
  return st?.isFile() ? { file, bytes: st.size, stagedAt: st.mtimeMs } : null;
}

export interface StageRestoreOptions {
  dataDir: string;
  /** The live database (refused as a source). */
  dbPath: string;
  source: string;
  migrationsDir?: string;
}

/** Checks `source` and copies it into place for the next start. Throws DbError (and stages nothing) when unfit. */
export async function stageRestore(
  opts: StageRestoreOptions,
): Promise<StagedRestore & { source: string; pending: string[] }> {
  const source = path.resolve(opts.source);
  const target = stagedRestorePath(opts.dataDir);
  if (source === path.resolve(opts.dbPath))
    throw new DbError('not-a-database', `${source} is the live database itself; choose a backup.`);
  if (source === target) throw new DbError('not-a-database', `${source} is already the staged restore.`);
  const { src, pending } = validateSource(source, opts.migrationsDir ?? defaultMigrationsDir);
  try {
    // A copy, not a link: the backup may be pruned or edited before the next start.
    await backupSqlite(src, target);
  } finally {
    src.close();
  }
  const staged = readStagedRestore(opts.dataDir);
  if (!staged) throw new DbError('unwritable', `Could not write ${target}.`);
  return { ...staged, source, pending };
}

/** Drops the staged restore. Returns false when there was none. */
export function cancelStagedRestore(dataDir: string): boolean {
  const file = stagedRestorePath(dataDir);
  if (!fs.existsSync(file)) return false;
  fs.rmSync(file, { force: true });
  return true;
}

export type StagedRestoreOutcome =
  | { status: 'none' }
  | { status: 'restored'; previous: string | null; pending: string[] }
  | { status: 'rejected'; movedTo: string; reason: string };

/**
 * Run at start, before the database is opened: swaps a staged restore in. A staged file that is unfit is set aside
 * and the current database is kept, so a bad restore never keeps the appliance from starting.
 */
export async function applyStagedRestore(opts: {
  dataDir: string;
  dbPath: string;
  backupsDir: string;
  log: Logger;
  migrationsDir?: string;
}): Promise<StagedRestoreOutcome> {
  const staged = readStagedRestore(opts.dataDir);
  if (!staged) return { status: 'none' };
  try {
    const r = await restoreDb({
      dbPath: opts.dbPath,
      source: staged.file,
      backupsDir: opts.backupsDir,
      ...(opts.migrationsDir ? { migrationsDir: opts.migrationsDir } : {}),
    });
    fs.rmSync(staged.file, { force: true });
    opts.log.warn(
      { previous: r.previous, pending: r.pending },
      `restored the staged backup into ${opts.dbPath}${r.previous ? `; the database it replaced is saved at ${r.previous}` : ''}`,
    );
    return { status: 'restored', previous: r.previous, pending: r.pending };
  } catch (err) {
    // Another process holding the database is not the staged file's fault: leave it staged and let the open fail.
    if (err instanceof DbError && err.code === 'in-use') throw err;
    const reason = err instanceof Error ? err.message : String(err);
    fs.mkdirSync(opts.backupsDir, { recursive: true, mode: 0o700 });
    const movedTo = path.join(opts.backupsDir, `restore-rejected-${fileTimestamp()}.db`);
    fs.renameSync(staged.file, movedTo);
    opts.log.error(
      { movedTo, reason },
      `the staged restore was not applied: ${reason} It was moved to ${movedTo}; starting on the current database.`,
    );
    return { status: 'rejected', movedTo, reason };
  }
}
