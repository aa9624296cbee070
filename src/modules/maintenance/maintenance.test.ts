import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { type App, createApp } from '#src/app.ts';
import { MAINTENANCE_JOB } from './index.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

async function startApp(): Promise<App> {
  const dir = mkdtempSync(join(tmpdir(), 'tux-maint-'));
  const env = {
    TUX_PATHS_DATA: join(dir, 'data'),
    TUX_PATHS_KEYS: join(dir, 'keys'),
    TUX_SSH_ENABLED: 'false',
    TUX_LOG_FILE: 'false',
  };
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  const app = await createApp({ env, cwd: dir, stdout: sink });
  await app.start();
  cleanup.push(async () => {
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return app;
}

describe('maintenance module', () => {
  it('schedules its daily sweep when enabled, runs it, reschedules it, and cancels it when disabled', async () => {
    const app = await startApp();
    const first = app.scheduler.get(MAINTENANCE_JOB);
    expect(first?.status).toBe('pending');

    // Make the pending sweep due now; the handler runs it and books the next one a day later.
    app.scheduler.schedule(MAINTENANCE_JOB, Date.now(), {}, { key: MAINTENANCE_JOB });
    await expect
      .poll(() => app.scheduler.list({ type: MAINTENANCE_JOB, status: 'done' }).length, { timeout: 5000 })
      .toBe(1);
    const next = app.scheduler.get(MAINTENANCE_JOB);
    expect(next?.status).toBe('pending');
    expect(next?.runAt).toBeGreaterThan(Date.now() + 23 * 3600 * 1000);
    expect(app.logs.hub.recent({ text: 'database upkeep done' }).length).toBe(1);

    await app.modules.disable('maintenance', { actor: 'cli:test' });
    expect(app.scheduler.get(MAINTENANCE_JOB)?.status).toBe('cancelled');
  });
});
