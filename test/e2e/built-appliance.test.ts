/**
 * The appliance as it ships: `tux start` from the build in dist/ (the management command before it runs with
 * TypeScript and tsx refused by a loader hook), connected to the Discord emulator. It answers a command, opens the
 * console over SSH, and stops on SIGTERM with exit code 0, in one node process with the pi profile, and with the
 * child node process it runs in when [performance] asks for flags that only node's start-up takes.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ssh2 from 'ssh2';
import { afterEach, describe, expect, it } from 'vitest';
import { buildState } from '../../bin/build.js';
import { type FakeDiscord, startFakeDiscord } from '../fake-discord/server.ts';
import { freePort, makeKey, openTerminal } from '../ssh/ssh-harness.ts';
import { textOf } from './harness.ts';

const TUX = fileURLToPath(new URL('../../bin/tux.js', import.meta.url));
const NO_TS = fileURLToPath(new URL('./no-typescript.mjs', import.meta.url));
let dir = '';
let fake: FakeDiscord | null = null;
let child: ChildProcess | null = null;

afterEach(async () => {
  child?.kill('SIGKILL');
  await fake?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('the built appliance', () => {
  it('runs from dist/, answers a command through the emulator, opens the console and stops cleanly', async () => {
    expect(buildState()).toBe('fresh');
    dir = mkdtempSync(join(tmpdir(), 'tux-built-'));
    fake = await startFakeDiscord({ heartbeatMs: 2000 });
    const env: NodeJS.ProcessEnv = { ...process.env, TUX_LOG_FILE: 'false' };
    for (const k of ['TUX_CONFIG', 'DISCORD_TOKEN', 'TUX_RELAUNCHED', 'NODE_OPTIONS']) delete env[k];
    Object.assign(env, {
      TUX_BOT_TOKEN: fake.token,
      TUX_DISCORD_API_URL: fake.apiUrl,
      TUX_PATHS_DATA: join(dir, 'data'),
      TUX_PATHS_KEYS: join(dir, 'keys'),
      TUX_SSH_PORT: String(await freePort()),
    });
    const key = makeKey('admin', 'alice@laptop');
    writeFileSync(join(dir, 'alice.pub'), `${key.publicKey} alice@laptop\n`);
    const add = spawnSync(
      process.execPath,
      ['--import', NO_TS, TUX, 'keys', 'add', join(dir, 'alice.pub'), '--role', 'admin'],
      {
        cwd: dir,
        env,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(add.stderr).toBe('');
    expect(add.status).toBe(0);

    child = spawn(process.execPath, [TUX, 'start'], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child?.on('exit', (code) => resolve(code)));
    const end = Date.now() + 60_000;
    // Discord may connect before the last service has started; the startup report comes once all have.
    while (!out.includes('connected to Discord as') || !out.includes('"nodeFlags"')) {
      if (child.exitCode !== null || Date.now() > end) throw new Error(`no connection to the emulator:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(out).not.toContain('ERR_TUX_NOT_BUILT');
    // The pi profile's young generation is set in the process itself: one node process, no relaunch.
    expect(out).toContain('"nodeFlags":["--semi-space-growth-factor=1"]');
    const appPid = Number(/"pid":(\d+)/.exec(out)?.[1]);
    expect(appPid).toBe(child.pid);

    const general = fake.ids.channels.general!;
    const sent = await fake.control.sendMessage({
      channelId: general,
      userId: fake.ids.users.member1!,
      content: '$ping',
    });
    const reply = await fake.control.waitForMessage({ channelId: general, after: sent.id, timeoutMs: 30_000 });
    expect(textOf(reply)).toContain('Pong');

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
    const tui = await openTerminal(client, { cols: 100, rows: 30 });
    await tui.waitFor('Services').catch((err: unknown) => {
      throw new Error(`${String(err)}\n--- appliance output:\n${out.slice(-3000)}`);
    });
    expect(tui.text()).toContain('admin · alice@laptop');
    tui.send('q');
    expect(await tui.exit).toBe(0);
    client.end();

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('SIGTERM: shutting down');
    expect(alive(appPid)).toBe(false);
  }, 120_000);

  it('runs in a child node process when [performance] asks for flags only node start-up takes', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tux-built-'));
    const env: NodeJS.ProcessEnv = { ...process.env, TUX_LOG_FILE: 'false' };
    for (const k of ['TUX_CONFIG', 'DISCORD_TOKEN', 'TUX_BOT_TOKEN', 'TUX_RELAUNCHED', 'NODE_OPTIONS']) delete env[k];
    Object.assign(env, {
      TUX_PATHS_DATA: join(dir, 'data'),
      TUX_PATHS_KEYS: join(dir, 'keys'),
      TUX_SSH_ENABLED: 'false',
      TUX_PERFORMANCE_SEMI_SPACE_MB: '2',
    });
    child = spawn(process.execPath, [TUX, 'start'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child?.on('exit', (code) => resolve(code)));
    const end = Date.now() + 60_000;
    while (!out.includes(' ready (')) {
      if (child.exitCode !== null || Date.now() > end) throw new Error(`no ready line:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(out).toContain('"nodeFlags":["--max-semi-space-size=2"]');
    const appPid = Number(/"pid":(\d+)/.exec(out)?.[1]);
    expect(appPid).not.toBe(child.pid);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(alive(appPid)).toBe(false);
  }, 120_000);
});
