import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestConsole, type TestConsole } from './ssh-harness.ts';

const GUILD = '123456789012345678';
let tc: TestConsole;
beforeAll(async () => {
  tc = await startTestConsole({ modules: [{ name: 'greeter', description: 'says hello to new members' }] });
});
afterAll(async () => {
  await tc?.close();
});

describe('console TUI', () => {
  it('lays out at 80x24 and redraws on resize', async () => {
    const t = await tc.openTui(tc.keys.viewer, { cols: 80, rows: 24 });
    await t.waitFor('80x24');
    expect(t.lines()).toContain('─'.repeat(80));
    expect(t.lines().every((l) => l.length <= 80)).toBe(true);
    t.resize(120, 30);
    await t.waitFor('120x30');
    await t.waitFor((s) => s.split('\n').some((l) => l === '─'.repeat(120)));
    t.resize(70, 20);
    await t.waitFor('70x20');
    await t.waitFor((s) => s.split('\n').some((l) => l === '─'.repeat(70)));
    t.send('?');
    await t.waitFor('switch screens');
    t.send('\x1b');
    await t.waitFor('Recent activity');
    t.send('\x03');
    expect(await t.exit).toBe(0);
  });

  it('edits config: rejects an invalid value, shows a diff, saves atomically', async () => {
    const t = await tc.openTui(tc.keys.admin);
    t.send('5');
    await t.waitFor('bot.token');
    // Down then Enter in one packet: the selection must move before Enter is handled.
    t.send('j\r');
    await t.waitFor('bot.prefix = $');
    t.send('\x15toolong');
    await t.waitFor('✗ bot.prefix must be');
    t.send('\r');
    await new Promise((r) => setTimeout(r, 200));
    expect(t.text()).not.toContain('Save bot.prefix?');
    t.send('\x15!');
    await t.waitFor('✓ valid');
    t.send('\r');
    await t.waitFor('Save bot.prefix?');
    expect(t.text()).toContain('- $');
    expect(t.text()).toContain('+ !');
    t.send('y');
    await t.waitFor('bot.prefix: saved — applied now');
    expect(tc.ctx.config.get('bot.prefix')).toBe('!');
    expect(fs.readFileSync(tc.ctx.config.path, 'utf8')).toMatch(/prefix = "!"/);
    const row = tc.ctx.audit.query({ action: 'config.set', outcome: 'ok', limit: 1 })[0];
    expect(row?.actor).toBe(`ssh:${row?.actor.slice(4)}`);
    expect(row?.details.value).toBe('!');
    t.send('q');
    expect(await t.exit).toBe(0);
  });

  it('refuses a save when another session changed the config meanwhile', async () => {
    const t = await tc.openTui(tc.keys.admin);
    t.send('5');
    await t.waitFor('   .name ');
    // bot.name is the 9th key of [bot]
    t.send('jjjjjjjj');
    t.send('\r');
    await t.waitFor('bot.name = Tux');
    t.send('\x15Penguin');
    await t.waitFor('✓ valid');
    const other = await tc.exec(tc.keys.admin, 'config set bot.name Gnu');
    expect(other.code).toBe(0);
    t.send('\r');
    await t.waitFor('Save bot.name?');
    t.send('y');
    await t.waitFor('the config changed since you loaded it');
    expect(tc.ctx.config.get('bot.name')).toBe('Gnu');
    t.send('q');
    await t.exit;
  });

  it('a viewer sees config read-only', async () => {
    const t = await tc.openTui(tc.keys.viewer);
    t.send('5');
    await t.waitFor('read-only: config changes need the admin role');
    t.send('\r');
    await t.waitFor('changing config needs the admin role');
    t.send('q');
    await t.exit;
  });

  it('switches a module off and on, globally and for one guild', async () => {
    const t = await tc.openTui(tc.keys.operator);
    t.send('4');
    await t.waitFor('MODULE');
    // The list is longer than the screen: jump to its end (the test module is registered last), then step back
    // from the last row to greeter.
    t.send('G');
    await t.waitFor('greeter');
    const rows = t.lines().filter((l) => /^\S+\*?\s+(enabled|disabled|failed)\s/.test(l));
    const idx = rows.findIndex((l) => l.startsWith('greeter'));
    expect(idx).toBeGreaterThanOrEqual(0);
    t.send('k'.repeat(rows.length - 1 - idx));
    t.send('x');
    await t.waitFor('greeter disabled globally');
    expect(tc.ctx.modules.isEnabled('greeter')).toBe(false);
    await t.waitFor((s) => /greeter\s+disabled/.test(s));
    t.send('e');
    await t.waitFor('greeter enabled globally');
    expect(tc.ctx.modules.isEnabled('greeter')).toBe(true);
    t.send('u');
    await t.waitFor('guild id (empty: global)');
    t.send(`${GUILD}\r`);
    await t.waitFor(`scope: guild ${GUILD}`);
    t.send('x');
    await t.waitFor(`greeter disabled in guild ${GUILD}`);
    expect(tc.ctx.modules.isEnabled('greeter', GUILD)).toBe(false);
    expect(tc.ctx.modules.isEnabled('greeter')).toBe(true);

    // With the bot connected, the scope is picked from its guilds.
    const real = tc.ctx.bot;
    const OTHER = '223456789012345678';
    tc.ctx.bot = {
      status: () => ({ state: 'ready', ping: 42, guilds: 2, reconnects: 0, user: 'Tux#0001' }),
      guilds: () => [
        { id: GUILD, name: 'Penguins', members: 10 },
        { id: OTHER, name: 'Gnus \x1b[2J', members: 3 },
      ],
    };
    try {
      t.send('u');
      await t.waitFor('Gnus');
      expect(t.raw()).not.toContain('\x1b[2J');
      t.send('jj\r');
      await t.waitFor(`scope: guild ${OTHER}`);
      t.send('x');
      await t.waitFor(`greeter disabled in guild ${OTHER}`);
      expect(tc.ctx.modules.isEnabled('greeter', OTHER)).toBe(false);
    } finally {
      if (real) tc.ctx.bot = real;
      else delete tc.ctx.bot;
    }
    t.send('q');
    await t.exit;
  });

  it('two sessions at once; an admin ends the other one', async () => {
    const a = await tc.openTui(tc.keys.admin);
    const b = await tc.openTui(tc.keys.viewer);
    await b.waitFor('Overview');
    a.send('7');
    await a.waitFor((s) => (s.match(/viewer@test/g) ?? []).length >= 1 && s.includes('(you)'));
    const lines = a.lines();
    const header = lines.findIndex((l) => l.startsWith('ID'));
    const viewerRow = lines.slice(header + 1).findIndex((l) => l.includes('viewer@test'));
    a.send('j'.repeat(viewerRow));
    a.send('K');
    await a.waitFor('? y/n');
    a.send('y');
    expect(await b.exit).toBe(1);
    expect(b.raw()).toContain('Session closed: ended by admin@test');
    await a.waitFor((s) => !s.includes('viewer@test'));
    a.send('q');
    expect(await a.exit).toBe(0);
  });

  it('opens the dashboard with d and returns with q; blessed leaves no process handlers', async () => {
    const before = ['SIGTERM', 'SIGINT', 'uncaughtException', 'exit'].map((e) => process.listenerCount(e));
    const t = await tc.openTui(tc.keys.viewer);
    await t.waitFor('Overview');
    t.send('d');
    await t.waitFor('Gateway latency');
    await t.waitFor('Commands/min by module');
    const during = ['SIGTERM', 'SIGINT', 'uncaughtException', 'exit'].map((e) => process.listenerCount(e));
    expect(during.slice(0, 3)).toEqual(before.slice(0, 3));
    t.resize(90, 26);
    await new Promise((r) => setTimeout(r, 300));
    t.send('q');
    await t.waitFor('Recent activity');
    t.send('q');
    expect(await t.exit).toBe(0);
  });

  it('ssh -t dashboard runs the dashboard alone', async () => {
    const c = await tc.connect(tc.keys.viewer);
    const { openTerminal } = await import('./ssh-harness.ts');
    const t = await openTerminal(c, { command: 'dashboard' });
    await t.waitFor('Gateway latency');
    t.send('q');
    expect(await t.exit).toBe(0);
    c.end();
  });
});

describe('exec follow', () => {
  it('logs --follow streams new lines until the client leaves', async () => {
    const c = await tc.connect(tc.keys.viewer);
    let out = '';
    const ch = await new Promise<import('ssh2').ClientChannel>((res, rej) =>
      c.exec('logs --follow --level warn --module core', (e, x) => (e ? rej(e) : res(x))),
    );
    ch.on('data', (d: Buffer) => {
      out += d;
    });
    await new Promise((r) => setTimeout(r, 300));
    tc.ctx.log.info('quiet line');
    tc.ctx.log.warn('loud line 1');
    tc.ctx.log.warn('loud line 2');
    const deadline = Date.now() + 5000;
    while (!out.includes('loud line 2') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(out).toContain('loud line 1');
    expect(out).not.toContain('quiet line');
    expect(tc.ctx.sessions.list().some((s) => s.command?.startsWith('logs --follow'))).toBe(true);
    c.end();
    const until = Date.now() + 5000;
    while (tc.ctx.sessions.list().some((s) => s.command?.startsWith('logs')) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(tc.ctx.sessions.list().some((s) => s.command?.startsWith('logs'))).toBe(false);
  });
});
