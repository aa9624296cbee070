export { type AppLock, acquireAppLock, type LockOwner, lockPathFor, readLockOwner } from './app-lock.ts';
export { backupSqlite, fileTimestamp, pruneBackups } from './backup-files.ts';
export { DbError, type DbErrorCode } from './db-error.ts';
export { createDbService } from './db-service.ts';
export { type DbStatus, describeDb } from './db-status.ts';
export { assertTuxDatabase, isSqliteFile, TUX_APPLICATION_ID } from './identity.ts';
export {
  applyMigrations,
  defaultMigrationsDir,
  type MigrationFile,
  type MigrationStatus,
  migrationStatus,
  readMigrationFiles,
} from './migrations.ts';
export { type OpenDbOptions, type OpenedDb, openDb } from './open-db.ts';
export { type RestoreDbOptions, type RestoreDbResult, restoreDb } from './restore-db.ts';
export type { Db, Orm, Sqlite } from './types.ts';
