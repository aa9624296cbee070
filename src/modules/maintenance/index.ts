/**
 * Database upkeep for an appliance nobody watches: once a day (and shortly after boot) it checkpoints the
 * write-ahead log and lets SQLite refresh its query statistics, then logs the file sizes so growth is visible
 * in the console. It also makes the scheduled backups (`[backup]` in tux.toml). It has no Discord commands.
 */
import { statSync } from 'node:fs';
import type { CoreContext } from '#core/context.ts';
import type { ModuleDefinition } from '#core/modules/types.ts';
import { BACKUP_JOB, handleBackupJob, scheduleNextBackup } from './scheduled-backup.ts';

export const MAINTENANCE_JOB = 'maintenance.sweep';
const DAY_MS = 24 * 60 * 60 * 1000;
const FIRST_RUN_DELAY_MS = 60 * 1000;

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** Runs the upkeep and returns what it measured. */
export function sweepDatabase(ctx: Pick<CoreContext, 'db'>): { dbBytes: number; walBytes: number } {
  ctx.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  ctx.db.sqlite.pragma('optimize');
  return { dbBytes: sizeOf(ctx.db.path), walBytes: sizeOf(`${ctx.db.path}-wal`) };
}

export function createMaintenanceModule(): ModuleDefinition<CoreContext> {
  let ctxRef: CoreContext | null = null;
  return {
    name: 'maintenance',
    description: 'Daily database upkeep (WAL checkpoint, statistics refresh, size report) and scheduled backups.',
    jobs: {
      [MAINTENANCE_JOB]: () => {
        const ctx = ctxRef;
        if (!ctx) return;
        const sizes = sweepDatabase(ctx);
        ctx.log.info(sizes, `database upkeep done: ${(sizes.dbBytes / 1024).toFixed(0)} KiB`);
        ctx.scheduler.schedule(MAINTENANCE_JOB, Date.now() + DAY_MS, {}, { key: MAINTENANCE_JOB });
      },
      [BACKUP_JOB]: async (job) => {
        if (ctxRef) await handleBackupJob(ctxRef, job);
      },
    },
    setup(ctx) {
      ctxRef = ctx;
      // Keep an already scheduled run (it may be due soon); only a missing one is created.
      if (ctx.scheduler.get(MAINTENANCE_JOB)?.status !== 'pending') {
        ctx.scheduler.schedule(MAINTENANCE_JOB, Date.now() + FIRST_RUN_DELAY_MS, {}, { key: MAINTENANCE_JOB });
      }
      const backupOn = ctx.config.current().backup.enabled;
      if (!backupOn || ctx.scheduler.get(BACKUP_JOB)?.status !== 'pending') scheduleNextBackup(ctx);
      // Hot config: a changed interval, folder or switch re-books the next backup.
      const unsubscribe = ctx.config.onChange((change) => {
        if (change.changes.some((c) => c.key.startsWith('backup.'))) scheduleNextBackup(ctx);
      });
      return () => {
        unsubscribe();
        ctx.scheduler.cancel(MAINTENANCE_JOB);
        ctx.scheduler.cancel(BACKUP_JOB);
        ctxRef = null;
      };
    },
  };
}
