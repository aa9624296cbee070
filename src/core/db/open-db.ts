/**
 * Opens the appliance's SQLite file: checks it is Tux's, sets the pragmas, takes the appliance lock when asked, and
 * brings the schema up to date (backing the file up first). Async only because the SQLite backup API is.
 *
 * Pragmas: WAL (readers never block the writer; the CLI can read while the appliance runs), foreign_keys=ON,
 * busy_timeout (a writer waits for another process's lock instead of failing at once), and synchronous from config:
 * 'full' (the default) makes every commit survive a power cut; 'normal' is faster in WAL mode and can lose only the
 * last commits on power loss, never corrupt the file.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import {
  createPrivateFile,
  describeTightening,
  PRIVATE_DIR_MODE,
  PRIVATE_FILE_MODE,
  tightenMode,
} from '#core/file-permissions.ts';
import type { Logger } from '#core/log/types.ts';
import { type AppLock, acquireAppLock } from './app-lock.ts';
import { backupSqlite, fileTimestamp, pruneBackups } from './backup-files.ts';
import { DbError } from './db-error.ts';
import { assertTuxDatabase, isSqliteFile, markAsTux } from './identity.ts';
import {
  applyMigrations,
  defaultMigrationsDir,
  type MigrationStatus,
  MigrationStepError,
  migrationStatus,
  readMigrationFiles,
} from './migrations.ts';
import type { Db, Orm, Sqlite } from './types.ts';

export interface OpenDbOptions {
  path: string;
  /** Default 'full'. */
  synchronous?: 'normal' | 'full';
  /** Default 5000. */
  busyTimeoutMs?: number;
  /** Where pre-migration backups go (`<data>/backups`). */
  backupsDir: string;
  /** Pre-migration backups kept. Default 10. */
  backupsKept?: number;
  log: Logger;
  /** Default: the checked-in `migrations/` of this installation. */
  migrationsDir?: string;
  /** Take the appliance lock (`<db>.lock`); the appliance and writing CLI commands do, read commands don't. */
  exclusive?: boolean;
  /** Apply pending migrations (default true). False leaves the schema as it is (status, read commands). */
  migrate?: boolean;
  /** Open read-only; the file must exist. Implies migrate: false. */
  readonly?: boolean;
}

export interface OpenedDb extends Db {
  /** Applied/pending migrations as found at open (after migrating, when migrate was on). */
  readonly migrations: MigrationStatus;
  /** The pre-migration backup made at open, if any. */
  readonly preMigrationBackup: string | null;
  /** Tags of the migrations applied by this open (empty when it was up to date). */
  readonly appliedAtOpen: string[];
}

/** The primary SQLite result code ("SQLITE_BUSY" for "SQLITE_BUSY_SNAPSHOT"). */
function errCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code.split('_').slice(0, 2).join('_') : undefined;
}

function prepareDirectory(file: string): void {
  const dir = path.dirname(file);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (err) {
    throw new DbError(
      'unwritable',
      `Cannot use the database directory ${dir}: ${(err as Error).message}. Create it and make it writable by the user running Tux, or set paths.data to another directory.`,
      { cause: err },
    );
  }
}

/**
 * The database holds everything the appliance knows (cases, audit trail, member ids): 0600 for the file, its WAL and
 * SHM (SQLite gives those the database file's mode), and 0700 for the backups folder, whatever the umask. A new file
 * is created 0600 before SQLite opens it; files from an older install are tightened.
 */
function makeDataFilesPrivate(file: string, opts: OpenDbOptions): void {
  createPrivateFile(file);
  const loose: string[] = [];
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    const line = describeTightening(f, PRIVATE_FILE_MODE, tightenMode(f, PRIVATE_FILE_MODE));
    if (line) loose.push(line);
  }
  const backups = path.resolve(opts.backupsDir);
  loose.push(
    ...[describeTightening(backups, PRIVATE_DIR_MODE, tightenMode(backups, PRIVATE_DIR_MODE))].filter(
      (l) => l !== null,
    ),
  );
  if (fs.existsSync(backups)) {
    for (const name of fs.readdirSync(backups)) {
      if (!/\.db(-wal|-shm|-journal)?$/.test(name)) continue;
      const f = path.join(backups, name);
      const line = describeTightening(f, PRIVATE_FILE_MODE, tightenMode(f, PRIVATE_FILE_MODE));
      if (line) loose.push(line);
    }
  }
  for (const line of loose) opts.log.warn(line);
}

function translateOpenError(file: string, err: unknown): unknown {
  if (err instanceof DbError) return err;
  const code = errCode(err);
  if (code === 'SQLITE_NOTADB') {
    return new DbError(
      'not-a-database',
      `${file} is not a SQLite database (file is not a database). Move it away or set paths.data to another directory.`,
      { cause: err },
    );
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new DbError(
      'locked',
      `The database ${file} is locked by another process (is another Tux or an sqlite3 shell using it?). Stop that process and try again.`,
      { cause: err },
    );
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code === 'SQLITE_PERM') {
    return new DbError(
      'unwritable',
      `Cannot open ${file} for writing (${(err as Error).message}). Check the file's owner and permissions.`,
      { cause: err },
    );
  }
  if (code === 'SQLITE_CORRUPT') {
    return new DbError(
      'corrupt',
      `The database ${file} is damaged (${(err as Error).message}). Restore a backup with \`tux db restore <file>\`.`,
      { cause: err },
    );
  }
  return err;
}

export async function openDb(opts: OpenDbOptions): Promise<OpenedDb> {
  const file = path.resolve(opts.path);
  const readonly = opts.readonly === true;
  const migrate = !readonly && opts.migrate !== false;

  if (readonly) {
    if (!fs.existsSync(file)) throw new DbError('unwritable', `There is no database at ${file} yet.`);
  } else {
    prepareDirectory(file);
  }
  if (!isSqliteFile(file)) {
    throw new DbError(
      'not-a-database',
      `${file} is not a SQLite database (file is not a database). Move it away or set paths.data to another directory.`,
    );
  }

  let lock: AppLock | undefined;
  let sqlite: Sqlite | undefined;
  try {
    if (opts.exclusive) lock = acquireAppLock(file);
    if (!readonly) makeDataFilesPrivate(file, opts);
    const busyTimeoutMs = opts.busyTimeoutMs ?? 5000;
    sqlite = new Database(file, { readonly, fileMustExist: readonly, timeout: busyTimeoutMs });
    sqlite.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
    const fresh = assertTuxDatabase(sqlite, file);
    if (!readonly) {
      if (fresh) markAsTux(sqlite);
      const mode = sqlite.pragma('journal_mode = WAL', { simple: true });
      if (String(mode).toLowerCase() !== 'wal') {
        throw new DbError('unwritable', `Could not switch ${file} to WAL mode (got ${String(mode)}).`);
      }
      sqlite.pragma(`synchronous = ${opts.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
    }
    sqlite.pragma('foreign_keys = ON');

    const files = readMigrationFiles(opts.migrationsDir ?? defaultMigrationsDir);
    let status = migrationStatus(sqlite, files);
    let preMigrationBackup: string | null = null;
    let appliedAtOpen: string[] = [];
    if (migrate) {
      if (status.unknown.length > 0) {
        throw new DbError(
          'migration-failed',
          `The database ${file} was upgraded by a newer version of Tux (${status.unknown.length} migration(s) unknown to this one). Run that newer version, or restore a backup made before the upgrade.`,
        );
      }
      if (status.pending.length > 0) {
        appliedAtOpen = status.pending.map((m) => m.tag);
        preMigrationBackup = await migrateWithBackup(sqlite, file, status, opts, fresh);
        status = migrationStatus(sqlite, files);
      }
    }
    return wrapDb(file, sqlite, drizzle(sqlite) as unknown as Orm, lock, {
      migrations: status,
      preMigrationBackup,
      appliedAtOpen,
    });
  } catch (err) {
    try {
      sqlite?.close();
    } catch {
      // Already failing; the original error is the useful one.
    }
    lock?.release();
    throw translateOpenError(file, err);
  }
}

async function migrateWithBackup(
  sqlite: Sqlite,
  file: string,
  status: MigrationStatus,
  opts: OpenDbOptions,
  fresh: boolean,
): Promise<string | null> {
  const tags = status.pending.map((m) => m.tag);
  let backup: string | null = null;
  // A brand-new file has nothing to lose; anything else is copied before its schema changes.
  if (!fresh) {
    backup = path.join(path.resolve(opts.backupsDir), `pre-migrate-${fileTimestamp()}.db`);
    const bytes = await backupSqlite(sqlite, backup);
    opts.log.info({ backup, bytes }, 'database backed up before migrating');
    pruneBackups(path.dirname(backup), 'pre-migrate-', opts.backupsKept ?? 10);
  }
  try {
    applyMigrations(sqlite, status.pending);
  } catch (err) {
    const tag = err instanceof MigrationStepError ? err.tag : 'unknown';
    const where = backup ? ` A copy of the database from before the upgrade is at ${backup}.` : '';
    throw new DbError(
      'migration-failed',
      `Database migration ${tag} failed: ${(err as Error).message}. Nothing was changed: the whole upgrade was rolled back and ${file} is as it was.${where} Report this with the message above.`,
      { cause: err },
    );
  }
  opts.log.info({ applied: tags }, 'database migrated');
  return backup;
}

function wrapDb(
  file: string,
  sqlite: Sqlite,
  orm: Orm,
  lock: AppLock | undefined,
  info: Pick<OpenedDb, 'migrations' | 'preMigrationBackup' | 'appliedAtOpen'>,
): OpenedDb {
  return {
    ...info,
    path: file,
    sqlite,
    orm,
    backup: (dest) => backupSqlite(sqlite, path.resolve(dest)),
    transaction: <T>(fn: () => T): T => sqlite.transaction(fn).immediate(),
    close() {
      if (sqlite.open) {
        try {
          if (!sqlite.readonly) sqlite.pragma('optimize');
        } catch {
          // Best effort only.
        }
        sqlite.close();
      }
      lock?.release();
    },
  };
}
