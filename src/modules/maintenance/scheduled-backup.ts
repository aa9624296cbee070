/**
 * Scheduled backups (`[backup]` in tux.toml): every `interval_hours` the database is copied with SQLite's online
 * backup API to `<backup dir>/scheduled-<time>.db`, and only the newest `keep` of those are kept. The next run is
 * a durable job, so a restart neither skips nor repeats one: it is due `interval_hours` after the newest scheduled
 * backup on disk.
 */
import path from 'node:path';
import type { CoreContext } from '#core/context.ts';
import {
  fileTimestamp,
  listBackups,
  pruneBackups,
  SCHEDULED_BACKUP_PREFIX,
  scheduledBackupDir,
} from '#core/db/index.ts';
import type { Job } from '#core/scheduler/types.ts';

export const BACKUP_JOB = 'maintenance.backup';
const HOUR_MS = 60 * 60 * 1000;
/** The first backup of a fresh install, and the earliest any is booked after a (re)schedule. */
const MIN_DELAY_MS = 5 * 60 * 1000;
const MAX_ATTEMPTS = 3;

type BackupCtx = Pick<CoreContext, 'db' | 'config' | 'paths' | 'scheduler' | 'log'>;

function backupDir(ctx: BackupCtx): string {
  return scheduledBackupDir(ctx.paths.data, ctx.config.current().backup.dir);
}

/** When the next scheduled backup is due: an interval after the newest one on disk, and not before a short delay. */
export function nextBackupAt(ctx: BackupCtx, now = Date.now()): number {
  const { interval_hours } = ctx.config.current().backup;
  const newest = listBackups(backupDir(ctx)).find((b) => b.name.startsWith(SCHEDULED_BACKUP_PREFIX));
  const due = newest ? newest.mtimeMs + interval_hours * HOUR_MS : now;
  return Math.max(due, now + MIN_DELAY_MS);
}

/** Books the next run per the current config (or cancels it when scheduled backups are off). */
export function scheduleNextBackup(ctx: BackupCtx, at?: number): void {
  if (!ctx.config.current().backup.enabled) {
    ctx.scheduler.cancel(BACKUP_JOB);
    return;
  }
  ctx.scheduler.schedule(BACKUP_JOB, at ?? nextBackupAt(ctx), {}, { key: BACKUP_JOB, maxAttempts: MAX_ATTEMPTS });
}

/** Makes one scheduled backup now and prunes the old ones; returns what it did. */
export async function runScheduledBackup(ctx: BackupCtx): Promise<{ file: string; bytes: number; pruned: string[] }> {
  const { keep } = ctx.config.current().backup;
  const dir = backupDir(ctx);
  const file = path.join(dir, `${SCHEDULED_BACKUP_PREFIX}${fileTimestamp()}.db`);
  const bytes = await ctx.db.backup(file);
  const pruned = pruneBackups(dir, SCHEDULED_BACKUP_PREFIX, keep);
  return { file, bytes, pruned };
}

/** The job handler: backs up, books the next run; after the last failed attempt it still books the next one. */
export async function handleBackupJob(ctx: BackupCtx, job: Job): Promise<void> {
  const cfg = ctx.config.current().backup;
  if (!cfg.enabled) return;
  try {
    const r = await runScheduledBackup(ctx);
    ctx.log.info(
      { file: r.file, bytes: r.bytes, pruned: r.pruned.length },
      `scheduled backup done: ${r.file} (${Math.round(r.bytes / 1024)} KiB)`,
    );
  } catch (err) {
    ctx.log.error({ err, attempt: job.attempts }, `scheduled backup to ${backupDir(ctx)} failed`);
    if (job.attempts >= job.maxAttempts) scheduleNextBackup(ctx, Date.now() + cfg.interval_hours * HOUR_MS);
    throw err;
  }
  scheduleNextBackup(ctx, Date.now() + cfg.interval_hours * HOUR_MS);
}
