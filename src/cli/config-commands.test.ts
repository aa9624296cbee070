import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '#core/config/config-store.ts';
import { registerConfigCommands } from './config-commands.ts';

let dir: string;
let file: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tux-cli-config-'));
  file = path.join(dir, 'tux.toml');
});
afterEach(() => {
  process.exitCode = 0;
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Run {
  out: string;
  err: string;
  /** 0 ok, 1 failed, 2 usage (as main.ts maps commander errors). */
  code: number;
}

async function tux(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  let out = '';
  let err = '';
  const program = new Command()
    .name('tux')
    .option('-c, --config <path>')
    .exitOverride()
    .configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (err += s) });
  registerConfigCommands(program, {
    loadConfig: async () => {
      const configPath = program.opts<{ config?: string }>().config;
      return loadConfig({ ...(configPath ? { path: configPath } : {}), env, cwd: dir });
    },
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
  });
  process.exitCode = 0;
  let code = 0;
  try {
    await program.parseAsync(args, { from: 'user' });
    code = Number(process.exitCode ?? 0);
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    code = error.exitCode === 0 ? 0 : 2;
  }
  process.exitCode = 0;
  return { out, err, code };
}

describe('tux config', () => {
  it('check: ok with defaults when there is no file, warnings printed', async () => {
    expect(await tux(['config', 'check'])).toEqual({ out: `${file}: ok\n`, err: '', code: 0 });
    fs.writeFileSync(file, '[ssh]\nprot = 1\n');
    const run = await tux(['config', 'check']);
    expect(run.code).toBe(0);
    expect(run.err).toBe('warning: tux.toml: unknown key ssh.prot is ignored; did you mean ssh.port?\n');
  });

  it('check: exit 1 with the error for an invalid file or variable', async () => {
    fs.writeFileSync(file, '[ssh]\nport = "abc"\n');
    expect(await tux(['config', 'check'])).toEqual({
      out: '',
      err: 'tux: tux.toml: ssh.port must be an integer 1–65535 (got "abc")\n',
      code: 1,
    });
    fs.writeFileSync(file, '');
    const run = await tux(['config', 'check'], { TUX_SSH_PORT: 'x' });
    expect(run.code).toBe(1);
    expect(run.err).toContain('TUX_SSH_PORT (environment): ssh.port must be');
  });

  it('uses the global --config option', async () => {
    fs.writeFileSync(path.join(dir, 'other.toml'), '[ssh]\nport = 2999\n');
    expect((await tux(['--config', 'other.toml', 'config', 'get', 'ssh.port'])).out).toBe('2999\n');
  });

  it('schema: prints the JSON Schema', async () => {
    const run = await tux(['config', 'schema']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out).properties.ssh.properties.port.maximum).toBe(65535);
  });

  it('get: masks secrets unless --reveal, prints sections, names unknown keys', async () => {
    fs.writeFileSync(file, '[bot]\ntoken = "abc.def.ghi"\nprefix = "?"\n');
    expect((await tux(['config', 'get', 'bot.token'])).out).toBe('********\n');
    expect((await tux(['config', 'get', 'bot.token', '--reveal'])).out).toBe('abc.def.ghi\n');
    expect((await tux(['config', 'get', 'bot.prefix'])).out).toBe('?\n');
    expect((await tux(['config', 'get', 'bot.owner_ids', '--json'])).out).toBe('[]\n');
    const section = await tux(['config', 'get', 'bot']);
    expect(section.out).toContain('token = "********"\nprefix = "?"\n');
    const unknown = await tux(['config', 'get', 'ssh.prot']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('unknown config key "ssh.prot"; did you mean ssh.port?');
  });

  it('set: saves, says whether it applies at once or needs a restart', async () => {
    fs.writeFileSync(file, '# mine\n[ssh]\nport = 2222\n');
    expect(await tux(['config', 'set', 'ssh.port', '2300'])).toEqual({
      out: 'ssh.port = 2300 (restart required: restart tux to apply)\n',
      err: '',
      code: 0,
    });
    expect((await tux(['config', 'set', 'bot.prefix', '!'])).out).toBe(
      'bot.prefix = ! (applied at once by a running tux)\n',
    );
    expect(fs.readFileSync(file, 'utf8')).toBe('# mine\n[ssh]\nport = 2300\n\n[bot]\nprefix = "!"\n');
  });

  it('set: exit 1 and the file unchanged on an invalid value', async () => {
    fs.writeFileSync(file, '[ssh]\nport = 2222\n');
    const before = fs.readFileSync(file);
    const run = await tux(['config', 'set', 'ssh.port', '99999']);
    expect(run).toEqual({ out: '', err: 'tux: tux.toml: ssh.port must be an integer 1–65535 (got 99999)\n', code: 1 });
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('set: tells when an environment variable still wins', async () => {
    const run = await tux(['config', 'set', 'ssh.port', '2300'], { TUX_SSH_PORT: '2400' });
    expect(run.code).toBe(0);
    expect(run.out).toContain('TUX_SSH_PORT overrides it while it is set');
  });

  it('usage errors exit 2', async () => {
    expect((await tux(['config', 'set', 'ssh.port'])).code).toBe(2);
    expect((await tux(['config', 'get'])).code).toBe(2);
  });
});
