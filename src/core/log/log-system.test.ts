import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config-store.ts';
import { registerConfigSecrets } from './config-wiring.ts';
import { createLogSystem, type LogSystemOptions, type TuxLogSystem } from './log-system.ts';
import type { LogEntry } from './types.ts';

let dir: string;
let systems: TuxLogSystem[];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tux-log-'));
  systems = [];
});
afterEach(async () => {
  for (const logs of systems) await logs.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function setup(opts: Partial<LogSystemOptions> = {}) {
  const stdout = new PassThrough();
  let console = '';
  stdout.on('data', (chunk: Buffer) => {
    console += chunk.toString();
  });
  const logs = createLogSystem({ level: 'info', dataDir: dir, stdout, pretty: false, ...opts });
  systems.push(logs);
  const file = () => fs.readFileSync(logs.file!, 'utf8');
  return { logs, console: () => console, file };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('outputs', () => {
  it('writes JSON lines to a non-TTY console, the file and the hub with the module binding', async () => {
    const { logs, console, file } = setup();
    logs.child('ssh').info({ user: 'ada' }, 'session opened');
    await logs.flush();
    const line = JSON.parse(console().trim());
    expect(line).toMatchObject({ level: 30, module: 'ssh', user: 'ada', msg: 'session opened' });
    expect(file()).toBe(console());
    expect(logs.file).toBe(path.join(dir, 'logs', 'tux.log'));
    const [entry] = logs.hub.recent();
    expect(entry).toMatchObject({ level: 'info', module: 'ssh', msg: 'session opened', fields: { user: 'ada' } });
  });

  it('writes human-readable lines when pretty', async () => {
    const { logs, console } = setup({ pretty: true, file: false });
    logs.child('db').warn('slow query');
    await logs.flush();
    expect(console()).toMatch(/WARN.*\[db\] slow query/);
    expect(logs.file).toBeUndefined();
  });
});

describe('redaction', () => {
  it('removes the token from message, fields and error stacks in console, file and hub', async () => {
    const token = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.abcdefghijklmnopqrstuvwxyz012345';
    const { logs, console, file } = setup();
    logs.addSecret(token);
    const log = logs.child('discord');
    log.info(`logging in with ${token}`);
    log.info({ detail: { raw: token }, token: 'field-token', auth: { password: 'hunter22' } }, 'fields');
    log.error({ err: new Error(`rejected ${token}`) }, 'login failed');
    log.info({ headers: { authorization: 'Bot abc' } }, 'request');
    await logs.flush();
    const hub = JSON.stringify(logs.hub.recent());
    for (const output of [console(), file(), hub]) {
      expect(output).not.toContain(token);
      expect(output).not.toContain('field-token');
      expect(output).not.toContain('hunter22');
      expect(output).not.toContain('Bot abc');
      expect(output).toContain('logging in with [REDACTED]');
      expect(output).toContain('rejected [REDACTED]');
    }
    const stack = (logs.hub.recent({ text: 'login failed' })[0]!.fields.err as { stack: string }).stack;
    expect(stack).toMatch(/^Error: rejected \[REDACTED\]\n\s+at /);
  });

  it('redacts in pretty console output too', async () => {
    const { logs, console } = setup({ pretty: true });
    logs.addSecret('s3cret-value');
    logs.root.info('value is s3cret-value');
    await logs.flush();
    expect(console()).toContain('value is [REDACTED]');
    expect(console()).not.toContain('s3cret-value');
  });

  it('registerConfigSecrets redacts the configured token and follows changes', async () => {
    fs.writeFileSync(path.join(dir, 'tux.toml'), '[bot]\ntoken = "first-token-value"\n');
    const config = loadConfig({ cwd: dir, env: {} });
    const { logs, console } = setup({ file: false });
    const stop = registerConfigSecrets(logs, config);
    await config.set('bot.token', 'second-token-value');
    logs.root.info('tokens first-token-value second-token-value');
    stop();
    await logs.flush();
    expect(console()).toContain('tokens [REDACTED] [REDACTED]');
  });
});

describe('levels', () => {
  it('changes the level at runtime, globally and per module', async () => {
    const { logs } = setup({ file: false });
    const ssh = logs.child('ssh');
    const db = logs.child('db');
    ssh.debug('hidden');
    logs.setLevel('debug', 'ssh');
    ssh.debug('ssh debug');
    db.debug('db hidden');
    logs.setLevel('warn');
    db.info('db info hidden');
    db.warn('db warn');
    ssh.debug('ssh still debug');
    logs.child('late').info('late info hidden');
    expect(logs.child('ssh')).toBe(ssh);
    expect(logs.hub.recent().map((e) => e.msg)).toEqual(['ssh debug', 'db warn', 'ssh still debug']);
  });
});

describe('subscriptions', () => {
  it('a slow subscriber drops the oldest entries and is told how many; a fast one sees all; logging stays fast', async () => {
    const { logs } = setup({ file: false, bufferSize: 100 });
    const fast: LogEntry[] = [];
    logs.hub.subscribe({}, (entries) => {
      fast.push(...entries);
    });
    const slowSeen: LogEntry[] = [];
    let told = 0;
    const slow = logs.hub.subscribe(
      {},
      async (entries) => {
        slowSeen.push(...entries);
        await new Promise((resolve) => setTimeout(resolve, 30));
      },
      { maxQueue: 50, onDrop: (n) => (told += n) },
    );
    const log = logs.child('bench');
    const rounds = 20;
    const perRound = 200;
    let logging = 0;
    for (let r = 0; r < rounds; r++) {
      const start = performance.now();
      for (let i = 0; i < perRound; i++) log.info({ i: r * perRound + i }, 'tick');
      logging += performance.now() - start;
      await tick();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    const total = rounds * perRound;
    expect(fast.map((e) => e.fields.i)).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(told).toBeGreaterThan(0);
    expect(slow.dropped).toBe(told);
    expect(slowSeen.length + told).toBe(total);
    // The newest entries survive.
    expect(slowSeen.at(-1)!.fields.i).toBe(total - 1);
    // 4000 lines in well under a second of logging time, though one subscriber cannot keep up.
    expect(logging / total).toBeLessThan(0.25);
    slow.close();
  });
});

describe('rotation', () => {
  it('rotates by size and keeps N generations', async () => {
    const { logs } = setup({ file: { maxMb: 1, count: 3 }, fileMaxBytes: 2000 });
    for (let i = 0; i < 200; i++) logs.root.info({ i }, 'a line to fill the file up');
    await logs.flush();
    const names = fs.readdirSync(path.join(dir, 'logs')).sort();
    expect(names).toEqual(['tux.log', 'tux.log.1', 'tux.log.2', 'tux.log.3']);
    for (const name of names) expect(fs.statSync(path.join(dir, 'logs', name)).size).toBeLessThanOrEqual(2000);
    const newest = fs
      .readFileSync(path.join(dir, 'logs', 'tux.log'), 'utf8')
      .trim()
      .split('\n');
    expect(JSON.parse(newest.at(-1)!).i).toBe(199);
    const older = fs
      .readFileSync(path.join(dir, 'logs', 'tux.log.1'), 'utf8')
      .trim()
      .split('\n');
    expect(JSON.parse(older.at(-1)!).i).toBe(JSON.parse(newest[0]!).i - 1);
    expect(fs.statSync(logs.file!).mode & 0o777).toBe(0o600);
  });
});

describe('JSON lines', () => {
  it('carry the key "module" once, even when a call names a bot module', async () => {
    const { logs, console } = setup({ file: false });
    logs.child('modules').info({ module: 'levels' }, 'module levels disabled');
    await logs.flush();
    const text = console().trim();
    expect(text.match(/"module":/g)).toHaveLength(1);
    expect(JSON.parse(text)).toMatchObject({ module: 'modules', moduleName: 'levels' });
  });
});
