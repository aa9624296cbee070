/** What the Overview says about the console itself: warnings that clear once the cause is gone. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeKey, startTestConsole, type TestConsole } from './ssh-harness.ts';

let tc: TestConsole | null = null;
afterEach(async () => {
  await tc?.close();
  tc = null;
});

describe('overview', () => {
  it('stops warning that no keys are authorized once a key is added', async () => {
    tc = await startTestConsole({ noKeys: true });
    const status = async () => {
      const r = await (tc as TestConsole).exec((tc as TestConsole).localKey(), 'status --json');
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout) as {
        recentErrors: { msg: string }[];
        services: { name: string; health: { status: string; detail: string } }[];
      };
    };
    const before = await status();
    expect(before.recentErrors.map((e) => e.msg).join('\n')).toContain('no console keys are authorized yet');
    expect(before.services.find((s) => s.name === 'ssh')?.health.status).toBe('degraded');

    const key = makeKey('admin');
    fs.appendFileSync(path.join(tc.ctx.paths.keys, 'authorized_keys'), `${key.publicKey} alice tux-role=admin\n`);
    const after = await status();
    expect(after.recentErrors.map((e) => e.msg).join('\n')).not.toContain('no console keys are authorized yet');
    expect(after.services.find((s) => s.name === 'ssh')?.health.status).toBe('ok');

    const t = await tc.openTui(key, { cols: 100, rows: 30 });
    const screen = await t.waitFor('Recent warnings and errors', 20_000);
    expect(screen).not.toContain('no console keys');
    t.send('q');
    await t.exit;
  }, 60_000);
});
