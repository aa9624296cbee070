export { type AppLock, acquireAppLock, type LockOwner, lockPathFor, readLockOwner } from './app-lock.ts';
export {
  type BackupFile,
  backupSqlite,
  fileTimestamp,
  listBackups,
  pruneBackups,
  SCHEDULED_BACKUP_PREFIX,
  scheduledBackupDir,
} from './backup-files.ts';
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
export {
  applyStagedRestore,
  cancelStagedRestore,
  readStagedRestore,
  STAGED_RESTORE_FILE,
  type StagedRestore,
  type StagedRestoreOutcome,
  stagedRestorePath,
  stageRestore,
} from './staged-restore.ts';
export type { Db, Orm, Sqlite } from './types.ts';
