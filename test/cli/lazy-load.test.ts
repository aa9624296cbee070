/**
 * The management commands never load discord.js, ssh2 or the console UI: they run here with those libraries made
 * impossible to import (test/cli/block-heavy-modules.mjs), through the real `tux` command and its build.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, connect, createServer } from 'node:net';
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
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

describe('tux --version', () => {
  it('answers from package.json alone: no build check, no bundle', () => {
    // A copy of the command with neither bin/build.js nor dist/ beside it: nothing else can have been loaded.
    const alone = join(dir, 'version-only');
    mkdirSync(join(alone, 'bin'), { recursive: true });
    copyFileSync(TUX, join(alone, 'bin', 'tux.js'));
    writeFileSync(join(alone, 'package.json'), JSON.stringify({ type: 'module', version: '9.8.7' }));
    for (const flag of ['--version', '-V']) {
      const r = spawnSync(process.execPath, [join(alone, 'bin', 'tux.js'), flag], { encoding: 'utf8' });
      expect({ flag, code: r.status, out: r.stdout, err: r.stderr }).toEqual({
        flag,
        code: 0,
        out: '9.8.7\n',
        err: '',
      });
    }
  });
});

describe('tux start', () => {
  it('starts the console without ssh2: it loads when the first client connects', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TUX_LOG_FILE: 'false',
      TUX_TEST_BLOCK: 'ssh2',
      TUX_SSH_PORT: String(await freePort()),
      TUX_SSH_HOST: '127.0.0.1',
      TUX_PATHS_DATA: join(dir, 'start-data'),
      TUX_PATHS_KEYS: join(dir, 'start-keys'),
    };
    for (const k of ['TUX_CONFIG', 'TUX_BOT_TOKEN', 'DISCORD_TOKEN']) delete env[k];
    const child = spawn(process.execPath, ['--import', BLOCK, TUX, 'start'], { cwd: dir, env });
    let out = '';
    const seen = (re: RegExp) =>
      new Promise<RegExpExecArray>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${re} within 60 s:\n${out}`)), 60_000);
        const check = () => {
          const m = re.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m);
          }
        };
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          check();
        });
        child.stderr.on('data', (d: Buffer) => {
          out += d.toString();
          check();
        });
        check();
      });
    try {
      const port = Number((await seen(/SSH console listening on [^:"]+:(\d+)/))[1]);
      await seen(/ ready \(/);
      expect(out).not.toMatch(/blocked import/);
      const sock = connect(port, '127.0.0.1', () => sock.write('SSH-2.0-OpenSSH_9.6\r\n'));
      sock.on('error', () => {});
      await seen(/cannot start the SSH protocol: blocked import of ssh2/);
      sock.destroy();
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
    }
  }, 90_000);
});

let guardRuns = 0;

/** `tux start` under the import guard; resolves once `until` is logged, then stops the appliance. */
async function startGuarded(block: string, extraEnv: NodeJS.ProcessEnv, until: RegExp): Promise<string> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TUX_LOG_FILE: 'false',
    TUX_SSH_PORT: String(await freePort()),
    TUX_SSH_HOST: '127.0.0.1',
    TUX_PATHS_DATA: join(dir, `guard-data-${++guardRuns}`),
    TUX_PATHS_KEYS: join(dir, `guard-keys-${guardRuns}`),
    ...extraEnv,
  };
  if (block) env.TUX_TEST_BLOCK = block;
  else delete env.TUX_TEST_BLOCK;
  for (const k of ['TUX_CONFIG', 'DISCORD_TOKEN']) delete env[k];
  if (!('TUX_BOT_TOKEN' in extraEnv)) delete env.TUX_BOT_TOKEN;
  const child = spawn(process.execPath, ['--import', BLOCK, TUX, 'start'], { cwd: dir, env });
  let out = '';
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${until} within 60 s:\n${out}`)), 60_000);
      const onData = (d: Buffer) => {
        out += d.toString();
        if (until.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`tux start exited (${code}) before ${until}:\n${out}`));
      });
    });
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  }
  return out;
}

describe('tux start with no token', () => {
  it('loads neither discord.js nor the voice, image or console libraries', async () => {
    const out = await startGuarded(
      [
        'discord.js',
        '@discordjs/rest',
        '@discordjs/ws',
        '@discordjs/builders',
        '@discordjs/voice',
        'undici',
        'sharp',
        'koffi',
        '@snazzah/davey',
        'prism-media',
        'opusscript',
        'ssh2',
        'ink',
        'react',
        'blessed',
        'blessed-contrib',
      ].join('|'),
      {},
      / ready \(/,
    );
    expect(out).not.toMatch(/blocked import/);
    expect(out).toMatch(/discord: stopped: no token/);
  }, 90_000);

  it('the guard catches the first connection, which does load discord.js', async () => {
    const out = await startGuarded(
      '',
      { TUX_BOT_TOKEN: 'guard.test.token', TUX_DISCORD_API_URL: 'http://127.0.0.1:9/api' },
      /cannot load discord\.js/,
    );
    expect(out).toMatch(/cannot load discord\.js: blocked import of (discord\.js|@discordjs\/\w+)/);
    expect(out).not.toMatch(/Node\.js v\d+/);
  }, 90_000);
});
