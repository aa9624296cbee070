/**
 * The console cannot break the appliance: db and ssh cannot be stopped or restarted from it, a restart brings the
 * service's dependents back, and the Services screen asks before a restart or stop.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockPathFor } from '#core/db/app-lock.ts';
import { startTestConsole, type TestConsole } from './ssh-harness.ts';

let tc: TestConsole;
beforeAll(async () => {
  tc = await startTestConsole();
});
afterAll(async () => {
  await tc?.close();
});

const statuses = () => Object.fromEntries(tc.app.services.list().map((s) => [s.name, s.health.status]));

describe('services from the console', () => {
  it('refuses to restart or stop db and ssh with a reason, and keeps everything up', async () => {
    const before = statuses();
    for (const cmd of ['services restart db', 'services stop db', 'services restart ssh', 'services stop ssh']) {
      const r = await tc.exec(tc.keys.admin, cmd);
      expect(r.code, cmd).toBe(1);
      expect(r.stderr, cmd).toMatch(/cannot (restart|stop) (db|ssh): .*restart Tux/);
    }
    expect(statuses()).toEqual(before);
    expect(tc.app.db.sqlite.open).toBe(true);
    expect(fs.existsSync(lockPathFor(tc.app.db.path))).toBe(true);
    const rows = tc.ctx.audit.query({ action: 'services.', limit: 10 });
    expect(rows.filter((r) => r.outcome === 'failed' && r.target === 'db')).toHaveLength(2);
    // the admin is still connected and served
    expect((await tc.exec(tc.keys.admin, 'status')).code).toBe(0);
  });

  it('restarts the scheduler and brings back the modules that depend on it', async () => {
    const r = await tc.exec(tc.keys.operator, 'services restart scheduler');
    expect(r.code).toBe(0);
    expect(statuses()).toMatchObject({ db: 'ok', scheduler: 'ok', modules: 'ok', ssh: 'ok' });
  });

  it('asks before restarting in the TUI, and says why db cannot be restarted', async () => {
    const t = await tc.openTui(tc.keys.admin, { cols: 100, rows: 30 });
    await t.waitFor('Overview', 20_000);
    t.send('3');
    await t.waitFor(/scheduler\s+ok/);
    // the first row is db: refused at once, nothing asked
    t.send('r');
    await t.waitFor('cannot restart db');
    // scheduler: asks, and n cancels
    t.send('j');
    t.send('r');
    await t.waitFor('Restart scheduler and modules? y/n');
    t.send('n');
    await t.waitFor('restart scheduler: cancelled');
    t.send('r');
    await t.waitFor('Restart scheduler and modules? y/n');
    t.send('y');
    await t.waitFor('scheduler: ok');
    expect(statuses()).toMatchObject({ scheduler: 'ok', modules: 'ok' });
    t.send('q');
    expect(await t.exit).toBe(0);
  }, 60_000);

  it('the audit view at 80 columns shows the action first and the actor short', async () => {
    const t = await tc.openTui(tc.keys.viewer, { cols: 80, rows: 24 });
    await t.waitFor('Overview', 20_000);
    t.send('6');
    const screen = await t.waitFor(/services\.restart scheduler · ssh:\S{8}/);
    expect(screen).not.toContain('SHA256:');
    t.send('q');
    expect(await t.exit).toBe(0);
  }, 60_000);
});
