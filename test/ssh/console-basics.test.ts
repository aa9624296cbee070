import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestConsole, type TestConsole } from './ssh-harness.ts';

let tc: TestConsole;
beforeAll(async () => {
  tc = await startTestConsole();
});
afterAll(async () => {
  await tc?.close();
});

describe('exec commands', () => {
  it('status prints the overview and exits 0', async () => {
    const r = await tc.exec(tc.keys.viewer, 'status');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Tux \d/);
    expect(r.stdout).toMatch(/^bot +idle: no token/m);
    expect(r.stdout).toMatch(/ssh=ok/);
  });

  it('status --json is machine readable', async () => {
    const r = await tc.exec(tc.keys.viewer, 'status --json');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.services.map((x: { name: string }) => x.name)).toContain('ssh');
    expect(s.bot.state).toMatch(/no token/);
  });

  it('translates newlines for a terminal under ssh -t', async () => {
    const r = await tc.exec(tc.keys.viewer, 'help', { pty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Exit codes:');
    expect(
      r.stdout
        .split('\n')
        .slice(0, -1)
        .every((l) => l.endsWith('\r')),
    ).toBe(true);
  });

  it('lists moderation cases and explains a missing one', async () => {
    const list = await tc.exec(tc.keys.viewer, 'cases --json');
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([]);
    const missing = await tc.exec(tc.keys.viewer, 'cases view 7 --guild 123456789012345678');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no case #7');
    expect((await tc.exec(tc.keys.viewer, 'cases view 7')).code).toBe(2);
  });

  it('unknown command exits 127, bad usage 2', async () => {
    expect((await tc.exec(tc.keys.viewer, 'frobnicate')).code).toBe(127);
    const r = await tc.exec(tc.keys.viewer, 'services restart');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('needs a service name');
  });
});

describe('TUI', () => {
  it('opens the overview, switches to logs, quits with exit 0', async () => {
    const t = await tc.openTui(tc.keys.admin, { cols: 100, rows: 30 });
    await t.waitFor('Services');
    await t.waitFor(/ssh\s+listening/);
    expect(t.raw()).toContain('\x1b[?1049h');
    t.send('2');
    await t.waitFor('following');
    tc.ctx.log.info('hello from the logs screen');
    await t.waitFor('hello from the logs screen');
    t.send('q');
    expect(await t.exit).toBe(0);
    expect(t.raw()).toContain('\x1b[?1049l');
  });
});
