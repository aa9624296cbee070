/**
 * The appliance as a user runs it: `tux start` as a real process on a temp directory, stopped by a signal; and
 * the App built twice on one database file to show that scheduled work survives a restart.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import ssh2 from 'ssh2';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '#src/app.ts';
import { freePort, makeKey, openTerminal } from '#test/ssh/ssh-harness.ts';

const TUX = fileURLToPath(new URL('../../bin/tux.js', import.meta.url));
const dirs: string[] = [];
const children: ChildProcess[] = [];

afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tux-app-'));
  dirs.push(dir);
  return dir;
}

/** Environment for a quiet appliance in `dir`: no Discord token, no SSH console. */
function envFor(dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TUX_SSH_ENABLED: 'false', TUX_LOG_FILE: 'false' };
  for (const k of ['TUX_CONFIG', 'TUX_BOT_TOKEN', 'DISCORD_TOKEN', 'TUX_PATHS_DATA', 'TUX_PATHS_KEYS']) delete env[k];
  env.TUX_PATHS_DATA = join(dir, 'data');
  env.TUX_PATHS_KEYS = join(dir, 'keys');
  return env;
}

function run(args: string[], dir: string, env = envFor(dir)) {
  const child = spawn(process.execPath, [TUX, ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = async (text: string, ms = 20_000): Promise<void> => {
    const end = Date.now() + ms;
    while (!out.includes(text)) {
      if (Date.now() > end) throw new Error(`timed out waiting for "${text}"; output:\n${out}`);
      if (child.exitCode !== null) throw new Error(`exited ${child.exitCode} before "${text}"; output:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, exited, waitFor, output: () => out };
}

describe('tux start', () => {
  it('starts with no config file and no token, reports where things live, and exits 0 on SIGTERM', async () => {
    const dir = tempDir();
    const app = run(['start'], dir);
    await app.waitFor('ready');
    expect(app.output()).toContain(join(dir, 'data'));
    expect(app.output()).toContain(join(dir, 'tux.toml'));
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    expect(app.output()).toContain('SIGTERM: shutting down');

    const audit = run(['audit', 'list', '--json'], dir);
    expect(await audit.exited).toBe(0);
    const actions = (JSON.parse(audit.output()) as { action: string }[]).map((r) => r.action);
    expect(actions).toEqual(['app.stop', 'app.start']);
  }, 60_000);

  it('refuses an invalid config before touching anything, naming the key', async () => {
    const dir = tempDir();
    const config = join(dir, 'tux.toml');
    const text = '# my settings\n[ssh]\nport = "abc"\n';
    writeFileSync(config, text);
    const app = run(['start'], dir);
    expect(await app.exited).toBe(1);
    expect(app.output()).toContain('ssh.port must be an integer 1–65535 (got "abc")');
    expect(readFileSync(config, 'utf8')).toBe(text);
    expect(() => readFileSync(join(dir, 'data', 'tux.db'))).toThrow();
  }, 30_000);

  it('refuses a file that is not a Tux database and leaves it alone', async () => {
    const dir = tempDir();
    const env = envFor(dir);
    const data = join(dir, 'data');
    mkdirSync(data, { recursive: true });
    writeFileSync(join(data, 'tux.db'), 'these are my notes, not a database\n');
    const app = run(['start'], dir, env);
    expect(await app.exited).toBe(1);
    expect(app.output()).toMatch(/not a (SQLite|Tux) database/i);
    expect(readFileSync(join(data, 'tux.db'), 'utf8')).toBe('these are my notes, not a database\n');
  }, 30_000);
});

describe('the console of a running appliance', () => {
  it('accepts a key added with tux keys add and opens the TUI for it over SSH', async () => {
    const dir = tempDir();
    const env = { ...envFor(dir), TUX_SSH_ENABLED: 'true', TUX_SSH_PORT: String(await freePort()) };
    const key = makeKey('admin', 'alice@laptop');
    writeFileSync(join(dir, 'alice.pub'), `${key.publicKey} alice@laptop\n`);
    const add = run(['keys', 'add', join(dir, 'alice.pub'), '--role', 'admin'], dir, env);
    expect(await add.exited).toBe(0);
    const app = run(['start'], dir, env);
    await app.waitFor('ready');

    const client = new ssh2.Client();
    await new Promise<void>((resolve, reject) => {
      client.on('ready', resolve).on('error', reject);
      client.connect({
        host: '127.0.0.1',
        port: Number(env.TUX_SSH_PORT),
        username: 'tux',
        privateKey: key.privateKey,
      });
    });
    const tui = await openTerminal(client, { cols: 80, rows: 24 });
    await tui.waitFor('Services');
    expect(tui.text()).toContain('admin · alice@laptop');
    tui.send('q');
    expect(await tui.exit).toBe(0);
    client.end();
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
  }, 60_000);
});

describe('App restart', () => {
  it('runs a job scheduled before a stop once a new App starts on the same file', async () => {
    const dir = tempDir();
    const env = envFor(dir);
    const first = await createApp({ env, cwd: dir, stdout: devNull() });
    await first.start();
    first.scheduler.schedule('test.ping', Date.now() + 300, { hello: 'world' });
    await first.stop();

    await new Promise((r) => setTimeout(r, 400)); // the job falls due while nothing runs
    const second = await createApp({ env, cwd: dir, stdout: devNull() });
    const fired = new Promise<unknown>((resolve) => {
      second.scheduler.handle('test.ping', (job) => resolve(job.payload));
    });
    await second.start();
    await expect(fired).resolves.toEqual({ hello: 'world' });
    await second.stop();
  }, 30_000);
});

function devNull(): NodeJS.WritableStream {
  return new Writable({
    write(_c, _e, cb) {
      cb();
    },
  });
}
