import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type App, createApp } from '#src/app.ts';
import { BACKUP_JOB } from './scheduled-backup.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

async function startApp(extraEnv: Record<string, string> = {}): Promise<{ app: App; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'tux-backup-'));
  const env = {
    TUX_PATHS_DATA: join(dir, 'data'),
    TUX_PATHS_KEYS: join(dir, 'keys'),
    TUX_SSH_ENABLED: 'false',
    TUX_LOG_FILE: 'false',
    ...extraEnv,
  };
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  const app = await createApp({ env, cwd: dir, stdout: sink });
  await app.start();
  cleanup.push(async () => {
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return { app, dir };
}

function scheduledFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => n.startsWith('scheduled-') && n.endsWith('.db'))
    .sort();
}

/** Makes the pending backup due now and waits for the handler to finish it and book the next one. */
async function runBackupNow(app: App): Promise<void> {
  const before = app.scheduler.list({ type: BACKUP_JOB, status: 'done' }).length;
  app.scheduler.schedule(BACKUP_JOB, Date.now(), {}, { key: BACKUP_JOB, maxAttempts: 3 });
  await expect
    .poll(() => app.scheduler.list({ type: BACKUP_JOB, status: 'done' }).length, { timeout: 10_000 })
    .toBe(before + 1);
}

describe('scheduled backups', () => {
  it('books a backup on start, writes a private, complete copy with the backup API, and books the next one', async () => {
    const { app } = await startApp();
    const first = app.scheduler.get(BACKUP_JOB);
    expect(first?.status).toBe('pending');
    // A fresh install gets its first backup within minutes, not a day later.
    expect(first?.runAt).toBeLessThan(Date.now() + 10 * 60 * 1000);

    app.db.sqlite.exec("CREATE TABLE backup_probe (v TEXT); INSERT INTO backup_probe VALUES ('kept');");
    await runBackupNow(app);

    const dir = join(app.paths.data, 'backups');
    const files = scheduledFiles(dir);
    expect(files).toHaveLength(1);
    const file = join(dir, files[0] as string);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const copy = new Database(file, { readonly: true });
    try {
      expect(copy.prepare('SELECT v FROM backup_probe').get()).toEqual({ v: 'kept' });
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      // One self-contained file: no WAL to carry around.
      expect(String(copy.pragma('journal_mode', { simple: true }))).toBe('delete');
    } finally {
      copy.close();
    }
    const next = app.scheduler.get(BACKUP_JOB);
    expect(next?.status).toBe('pending');
    expect(next?.runAt).toBeGreaterThan(Date.now() + 23 * 3600 * 1000);
    expect(app.logs.hub.recent({ text: 'scheduled backup done' }).length).toBe(1);
  });

  it('keeps only the newest `backup.keep` scheduled backups and leaves other backups alone', async () => {
    const { app } = await startApp({ TUX_BACKUP_KEEP: '2' });
    const manual = await app.db.backup(join(app.paths.data, 'backups', 'tux-manual.db'));
    expect(manual).toBeGreaterThan(0);
    for (let i = 0; i < 4; i++) await runBackupNow(app);
    const dir = join(app.paths.data, 'backups');
    expect(scheduledFiles(dir)).toHaveLength(2);
    expect(readdirSync(dir)).toContain('tux-manual.db');
  });

  it('follows the config at once: another folder and interval, and off cancels the next backup', async () => {
    const { app, dir } = await startApp();
    await app.config.set('backup.dir', join(dir, 'elsewhere'));
    await app.config.set('backup.interval_hours', 6);
    const rebooked = app.scheduler.get(BACKUP_JOB);
    expect(rebooked?.status).toBe('pending');
    await runBackupNow(app);
    expect(scheduledFiles(join(dir, 'elsewhere'))).toHaveLength(1);
    const next = app.scheduler.get(BACKUP_JOB);
    expect(next?.runAt).toBeGreaterThan(Date.now() + 5 * 3600 * 1000);
    expect(next?.runAt).toBeLessThan(Date.now() + 7 * 3600 * 1000);

    await app.config.set('backup.enabled', false);
    expect(app.scheduler.get(BACKUP_JOB)?.status).toBe('cancelled');
  });

  it('a failed backup is retried, and after the last attempt the next regular one is still booked', async () => {
    const { app, dir } = await startApp();
    // A file where the folder should be makes every attempt fail.
    const blocker = join(dir, 'not-a-dir');
    writeFileSync(blocker, 'x');
    await app.config.set('backup.dir', join(blocker, 'sub'));
    app.scheduler.schedule(BACKUP_JOB, Date.now(), {}, { key: BACKUP_JOB, maxAttempts: 1 });
    await expect
      .poll(() => app.scheduler.list({ type: BACKUP_JOB, status: 'failed' }).length, { timeout: 10_000 })
      .toBe(1);
    const next = app.scheduler.get(BACKUP_JOB);
    expect(next?.status).toBe('pending');
    expect(next?.runAt).toBeGreaterThan(Date.now() + 23 * 3600 * 1000);
    expect(app.logs.hub.recent({ text: 'scheduled backup to' }).length).toBeGreaterThan(0);
  });
});
