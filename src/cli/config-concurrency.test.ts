/**
 * Twelve `tux config set` processes at once, each changing a different key of one tux.toml: every change survives.
 * Writers take turns through a lock file next to the config.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '#core/config/config-store.ts';
import { withFileLock } from '#core/config/file-lock.ts';

const TUX = fileURLToPath(new URL('../../bin/tux.js', import.meta.url));
const KEYS = [
  'ssh.max_sessions',
  'ssh.max_auth_attempts',
  'ssh.login_grace_seconds',
  'ssh.idle_timeout_seconds',
  'ssh.max_session_seconds',
  'ssh.throttle_per_ip',
  'ssh.throttle_window_seconds',
  'ssh.max_preauth',
  'ssh.throttle_global',
  'ssh.banner_timeout_seconds',
  'ssh.recording_retention_days',
  'ssh.port',
];

let dir: string;
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function tux(args: string[]): Promise<{ code: number | null; out: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('TUX_') || k === 'DISCORD_TOKEN') delete env[k];
  const child = spawn(process.execPath, [TUX, ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString();
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

describe('concurrent config set', () => {
  it('keeps every change when many processes write at once', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tux-config-race-'));
    const file = path.join(dir, 'tux.toml');
    fs.writeFileSync(file, '# my settings\n[bot]\nprefix = "!"\n');
    const runs = await Promise.all(
      KEYS.map((key) => tux(['--config', file, 'config', 'set', key, key === 'ssh.port' ? '2300' : '7'])),
    );
    for (const r of runs) expect(r.code, r.out).toBe(0);
    const store = loadConfig({ path: file, env: {}, cwd: dir });
    for (const key of KEYS) expect(store.get(key), key).toBe(key === 'ssh.port' ? 2300 : 7);
    expect(store.get('bot.prefix')).toBe('!');
    expect(fs.readFileSync(file, 'utf8')).toContain('# my settings');
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
    store.close();
  }, 420_000);

  it('takes over a lock left by a process that is gone, and refuses while a live one holds it', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tux-config-lock-'));
    const file = path.join(dir, 'tux.toml');
    fs.writeFileSync(`${file}.lock`, '999999999\n');
    const old = new Date(Date.now() - 5000);
    fs.utimesSync(`${file}.lock`, old, old);
    expect(await withFileLock(file, () => 'ran')).toBe('ran');
    fs.writeFileSync(`${file}.lock`, `${process.pid}\n`);
    await expect(withFileLock(file, () => 'ran', { timeoutMs: 200 })).rejects.toThrow(
      'is being changed by another process',
    );
  });
});
