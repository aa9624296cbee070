/**
 * The management commands never load discord.js, ssh2 or the console UI: they run here with those libraries made
 * impossible to import (test/cli/block-heavy-modules.mjs), through the real `tux` command and its build.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateEd25519KeyPair } from '#admin/ed25519-keys.ts';

const TUX = fileURLToPath(new URL('../../bin/tux.js', import.meta.url));
const BLOCK = fileURLToPath(new URL('./block-heavy-modules.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tux-lazy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tux(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, TUX_LOG_FILE: 'false' };
  for (const k of ['TUX_CONFIG', 'TUX_BOT_TOKEN', 'DISCORD_TOKEN', 'TUX_PATHS_DATA', 'TUX_PATHS_KEYS']) delete env[k];
  const r = spawnSync(process.execPath, ['--import', BLOCK, TUX, ...args], { cwd: dir, env, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('tux commands that manage the appliance', () => {
  it('run without discord.js, ssh2 or the console UI', () => {
    const pub = generateEd25519KeyPair('carol@laptop').public;
    writeFileSync(join(dir, 'carol.pub'), `${pub}\n`);
    const runs: [string[], RegExp][] = [
      [['--version'], /^\d+\.\d+\.\d+/],
      [['config', 'check'], /ok/],
      [['config', 'set', 'ssh.port', '2299'], /2299/],
      [['config', 'get', 'ssh.port'], /2299/],
      [['db', 'migrate'], /Applied \d+ migration/],
      [['db', 'status'], /applied: +\d+ migration/],
      [['keys', 'add', join(dir, 'carol.pub'), '--role', 'operator'], /SHA256:/],
      [['keys', 'list'], /operator/],
      [['audit', 'verify'], /^ok: \d+ rows/],
      [['audit', 'list'], /keys\.add/],
      [['keys', 'remove', 'carol@laptop'], /SHA256:|removed/i],
    ];
    for (const [args, expected] of runs) {
      const r = tux(...args);
      expect(r.err, `tux ${args.join(' ')}`).not.toMatch(/blocked import/);
      expect({ args, code: r.code }).toEqual({ args, code: 0 });
      expect(r.out, `tux ${args.join(' ')}`).toMatch(expected);
    }
  }, 120_000);

  it('the guard catches a command that does load them: tux start needs discord.js', () => {
    const r = tux('start');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/blocked import of (discord\.js|@discordjs\/\w+|ssh2)/);
  }, 60_000);
});
