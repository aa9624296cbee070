import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.ts';
import { loadConfig } from './config-store.ts';
import type { ConfigChange } from './types.ts';

let dir: string;
let file: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tux-config-'));
  file = path.join(dir, 'tux.toml');
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function load(text: string | null, env: NodeJS.ProcessEnv = {}) {
  if (text !== null) fs.writeFileSync(file, text, { mode: 0o600 });
  return loadConfig({ env, cwd: dir });
}

function loadError(text: string | null, env: NodeJS.ProcessEnv = {}): ConfigError {
  try {
    load(text, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected the config to be rejected');
}

describe('loading', () => {
  it('starts with defaults when there is no file, and creates nothing', () => {
    const store = load(null);
    expect(store.current().ssh.port).toBe(2222);
    expect(store.current().bot.prefix).toBe('$');
    expect(store.path).toBe(file);
    expect(store.warnings).toEqual([]);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('reads the path from opts.path, then TUX_CONFIG, then ./tux.toml', () => {
    fs.writeFileSync(path.join(dir, 'a.toml'), '[ssh]\nport = 1001\n');
    fs.writeFileSync(path.join(dir, 'b.toml'), '[ssh]\nport = 1002\n');
    fs.writeFileSync(file, '[ssh]\nport = 1003\n');
    expect(loadConfig({ cwd: dir, path: 'a.toml', env: { TUX_CONFIG: 'b.toml' } }).get('ssh.port')).toBe(1001);
    expect(loadConfig({ cwd: dir, env: { TUX_CONFIG: 'b.toml' } }).get('ssh.port')).toBe(1002);
    expect(loadConfig({ cwd: dir, env: {} }).get('ssh.port')).toBe(1003);
  });

  it('reads values from the file and leaves it untouched', () => {
    const text = '# mine\n[ssh]\nport = 2200 # console\n[bot]\nowner_ids = ["123456789012345678"]\n';
    fs.writeFileSync(file, text);
    const before = fs.statSync(file);
    const store = load(null);
    expect(store.current().ssh.port).toBe(2200);
    expect(store.current().bot.owner_ids).toEqual(['123456789012345678']);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
    expect(fs.statSync(file).mtimeMs).toBe(before.mtimeMs);
  });

  it('names malformed TOML with line and column', () => {
    const error = loadError('[ssh]\nport = = 3\n');
    expect(error.message).toMatch(/^tux\.toml: invalid TOML at line 2, column \d+: invalid value/);
  });

  it('names the key, the expectation and the value for a wrong type', () => {
    const error = loadError('[ssh]\nport = "abc"\n');
    expect(error.message).toBe('tux.toml: ssh.port must be an integer 1–65535 (got "abc")');
    expect(error.issues).toEqual([
      { key: 'ssh.port', source: 'tux.toml', message: 'ssh.port must be an integer 1–65535 (got "abc")' },
    ]);
  });

  it('rejects out-of-range numbers, bad enums, bad ids and bad URLs', () => {
    expect(loadError('[ssh]\nport = 70000\n').message).toBe(
      'tux.toml: ssh.port must be an integer 1–65535 (got 70000)',
    );
    expect(loadError('[log]\nlevel = "loud"\n').message).toBe(
      'tux.toml: log.level must be one of "trace", "debug", "info", "warn", "error", "fatal" (got "loud")',
    );
    expect(loadError('[bot]\nowner_ids = ["x"]\n').message).toBe(
      'tux.toml: bot.owner_ids[0] must be a Discord id (17–20 digits) (got "x")',
    );
    expect(loadError('[discord]\napi_url = "ftp://x"\n').message).toBe(
      'tux.toml: discord.api_url must be an http(s) URL (got "ftp://x")',
    );
    expect(loadError('ssh = 5\n').message).toBe('tux.toml: [ssh] must be a table of keys (got 5)');
  });

  it('lists every bad key, not just the first', () => {
    const error = loadError('[ssh]\nport = 0\nmax_sessions = "many"\n');
    expect(error.issues.map((i) => i.key)).toEqual(['ssh.port', 'ssh.max_sessions']);
  });

  it('warns about unknown keys and sections (naming them) and keeps loading', () => {
    const store = load('[ssh]\nprot = 22\nport = 2201\n[plugins]\nx = 1\n');
    expect(store.current().ssh.port).toBe(2201);
    expect(store.warnings).toEqual([
      'tux.toml: unknown key ssh.prot is ignored; did you mean ssh.port?',
      'tux.toml: unknown section [plugins] is ignored',
    ]);
  });

  it('names the file by absolute path when it is outside the working directory', () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'tux-other-'));
    try {
      const outside = path.join(other, 'x.toml');
      fs.writeFileSync(outside, '[ssh]\nport = "abc"\n');
      expect(() => loadConfig({ cwd: dir, path: outside, env: {} })).toThrow(`${outside}: ssh.port must be`);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});

describe('environment overrides', () => {
  it('sets every key as TUX_<SECTION>_<KEY>, coerced to its type', () => {
    const store = load('[ssh]\nport = 2200\n', {
      TUX_SSH_PORT: '2300',
      TUX_SSH_ENABLED: 'no',
      TUX_DISCORD_API_URL: 'http://127.0.0.1:9999/api',
      TUX_PATHS_DATA: '/srv/tux',
      TUX_PATHS_KEYS: '/srv/keys',
      TUX_BOT_OWNER_IDS: '123456789012345678, 223456789012345678',
      TUX_BOT_SYSADMIN_IDS: '["323456789012345678"]',
      TUX_DISCORD_PRESENCES: '1',
      TUX_SSH_RECORD_SESSIONS: 'YES',
      TUX_BOT_ACTIVITIES: '[{"type":"watching","name":"logs"}]',
    });
    const config = store.current();
    expect(config.ssh.port).toBe(2300);
    expect(config.ssh.enabled).toBe(false);
    expect(config.discord.api_url).toBe('http://127.0.0.1:9999/api');
    expect(config.paths).toEqual({ data: '/srv/tux', keys: '/srv/keys' });
    expect(config.bot.owner_ids).toEqual(['123456789012345678', '223456789012345678']);
    expect(config.bot.sysadmin_ids).toEqual(['323456789012345678']);
    expect(config.discord.presences).toBe(true);
    expect(config.ssh.record_sessions).toBe(true);
    expect(config.bot.activities).toEqual([{ type: 'watching', name: 'logs' }]);
    expect(store.envOverrides()).toContain('ssh.port');
    expect(store.envVariable('ssh.port')).toBe('TUX_SSH_PORT');
  });

  it('takes the token from DISCORD_TOKEN, with TUX_BOT_TOKEN winning', () => {
    expect(load(null, { DISCORD_TOKEN: 'from-discord' }).current().bot.token).toBe('from-discord');
    const both = loadConfig({ cwd: dir, env: { DISCORD_TOKEN: 'from-discord', TUX_BOT_TOKEN: 'from-tux' } });
    expect(both.current().bot.token).toBe('from-tux');
    expect(both.envVariable('bot.token')).toBe('TUX_BOT_TOKEN');
  });

  it('TUX_BOT_PREFIX sets the prefix and forces it everywhere', () => {
    const store = load('[bot]\nprefix = "?"\nforce_prefix = false\n', { TUX_BOT_PREFIX: '!' });
    expect(store.current().bot.prefix).toBe('!');
    expect(store.current().bot.force_prefix).toBe(true);
  });

  it('ignores empty variables', () => {
    expect(load(null, { TUX_SSH_PORT: '' }).current().ssh.port).toBe(2222);
  });

  it('names the variable when its value is invalid', () => {
    const error = loadError(null, { TUX_SSH_PORT: 'abc' });
    expect(error.message).toBe('TUX_SSH_PORT (environment): ssh.port must be an integer 1–65535 (got "abc")');
    expect(loadError(null, { TUX_SSH_ENABLED: 'maybe' }).message).toBe(
      'TUX_SSH_ENABLED (environment): ssh.enabled must be true or false (got "maybe")',
    );
  });

  it('warns about a TUX_ variable that matches no key', () => {
    expect(load(null, { TUX_SSH_PROT: '22' }).warnings).toEqual([
      'TUX_SSH_PROT (environment): no config key matches this variable; it is ignored',
    ]);
  });
});

describe('saving', () => {
  const commented = [
    '# Tux config, edited by hand',
    '',
    '[bot]',
    '# the prefix people type',
    'prefix = "?"   # keep short',
    '',
    '[ssh]',
    'port = 2200 # console port',
    '',
    '# settings of a plugin Tux does not know',
    '[plugins.weather]',
    'city = "Oslo"',
    '',
  ].join('\n');

  it('rejects an invalid value with a clear error and leaves the file byte-identical', async () => {
    const store = load(commented);
    const before = fs.readFileSync(file);
    await expect(store.set('ssh.port', 'abc')).rejects.toThrow(
      'tux.toml: ssh.port must be an integer 1–65535 (got "abc")',
    );
    await expect(store.set('ssh.port', 0)).rejects.toThrow(ConfigError);
    await expect(store.set('bot.prefix', 'toolong')).rejects.toThrow('bot.prefix must be a string of 1–5 characters');
    await expect(store.set('ssh.prot', 1)).rejects.toThrow('unknown config key "ssh.prot"; did you mean ssh.port?');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['tux.toml']);
    expect(store.current().ssh.port).toBe(2200);
    expect(store.version()).toBe(1);
  });

  it('changes only the value, keeping comments and unknown sections, atomically with mode 0600', async () => {
    fs.writeFileSync(file, commented, { mode: 0o644 });
    const store = load(null);
    const result = await store.set('ssh.port', '2300');
    expect(result.restartRequired).toBe(true);
    expect(result.changes).toEqual([{ key: 'ssh.port', apply: 'restart', secret: false, before: 2200, after: 2300 }]);
    expect(fs.readFileSync(file, 'utf8')).toBe(commented.replace('port = 2200 #', 'port = 2300 #'));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(['tux.toml']);
    expect(store.current().ssh.port).toBe(2300);
    expect(store.version()).toBe(2);
    expect(loadConfig({ cwd: dir, env: {} }).current().ssh.port).toBe(2300);
  });

  it('adds a missing key to its section and a missing section to the end', async () => {
    const store = load(commented);
    await store.set('ssh.max_sessions', 3);
    await store.set('log.level', 'debug');
    await store.set('bot.owner_ids', '123456789012345678,223456789012345678');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('port = 2200 # console port\nmax_sessions = 3\n');
    expect(text).toContain('prefix = "?"   # keep short\nowner_ids = ["123456789012345678", "223456789012345678"]\n');
    expect(text.endsWith('city = "Oslo"\n\n[log]\nlevel = "debug"\n')).toBe(true);
    expect(text).toContain('# the prefix people type');
    const reloaded = loadConfig({ cwd: dir, env: {} });
    expect(reloaded.current().ssh.max_sessions).toBe(3);
    expect(reloaded.current().log.level).toBe('debug');
    expect(reloaded.warnings).toEqual(['tux.toml: unknown section [plugins] is ignored']);
  });

  it('creates the file (0600) when there is none', async () => {
    const store = load(null);
    const result = await store.set('bot.token', 'abc.def.ghi');
    expect(result.changes).toEqual([{ key: 'bot.token', apply: 'hot', secret: true, before: '', after: '********' }]);
    expect(fs.readFileSync(file, 'utf8')).toBe('[bot]\ntoken = "abc.def.ghi"\n');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('rewrites a multi-line value on one line and keeps the rest', async () => {
    const store = load('[bot]\nowner_ids = [\n  "123456789012345678", # me\n]\nname = "Tuxy" # nick\n');
    await store.set('bot.owner_ids', ['223456789012345678']);
    expect(fs.readFileSync(file, 'utf8')).toBe('[bot]\nowner_ids = ["223456789012345678"]\nname = "Tuxy" # nick\n');
  });

  it('falls back to rewriting the whole file when the key lives in an inline table', async () => {
    const store = load('ssh = { port = 2200 }\n');
    const result = await store.set('ssh.port', 2300);
    expect(result.warnings[0]).toMatch(/rewritten in full/);
    expect(loadConfig({ cwd: dir, env: {} }).current().ssh.port).toBe(2300);
  });

  it('never writes environment values into the file and says the variable still wins', async () => {
    const store = load('[ssh]\nport = 2200\n', { TUX_SSH_PORT: '2400', TUX_BOT_TOKEN: 'env-token' });
    const result = await store.set('ssh.port', 2300);
    expect(result.envOverride).toBe('TUX_SSH_PORT');
    expect(result.warnings).toContain('TUX_SSH_PORT is set in the environment and still overrides ssh.port');
    expect(result.changes).toEqual([]);
    expect(store.current().ssh.port).toBe(2400);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toBe('[ssh]\nport = 2300\n');
    expect(text).not.toContain('env-token');
  });

  it('guards against lost updates with expectedVersion', async () => {
    const store = load(null);
    const seen = store.version();
    await store.set('ssh.port', 2300, { expectedVersion: seen });
    await expect(store.set('ssh.port', 2400, { expectedVersion: seen })).rejects.toThrow(
      'config was changed by someone else; reload and try again',
    );
    expect(store.current().ssh.port).toBe(2300);
  });

  it('keeps an external edit made since loading', async () => {
    const store = load('[ssh]\nport = 2200\n');
    fs.writeFileSync(file, '[ssh]\nport = 2200\nhost = "0.0.0.0"\n');
    await store.set('ssh.port', 2300);
    expect(fs.readFileSync(file, 'utf8')).toBe('[ssh]\nport = 2300\nhost = "0.0.0.0"\n');
    expect(store.current().ssh.host).toBe('0.0.0.0');
  });
});

describe('change events', () => {
  it('tells subscribers the changed keys with apply mode and masked secrets', async () => {
    const store = load('[bot]\ntoken = "old-token"\n');
    const events: ConfigChange[] = [];
    const off = store.onChange((change) => events.push(change));
    await store.set('bot.token', 'new-token');
    await store.set('log.buffer', 6000);
    off();
    await store.set('ssh.port', 2400);
    expect(events).toHaveLength(2);
    expect(events[0]!.changes).toEqual([
      { key: 'bot.token', apply: 'hot', secret: true, before: '********', after: '********' },
    ]);
    expect(events[0]!.restartRequired).toBe(false);
    expect(JSON.stringify(events.map((e) => e.changes))).not.toMatch(/old-token|new-token/);
    expect(events[1]!.changes).toEqual([
      { key: 'log.buffer', apply: 'restart', secret: false, before: 5000, after: 6000 },
    ]);
    expect(events[1]!.restartRequired).toBe(true);
    expect(events[1]!.config.log.buffer).toBe(6000);
  });

  it('reload() installs a valid external edit and keeps the old config for an invalid one', () => {
    const store = load('[ssh]\nport = 2200\n');
    const events: ConfigChange[] = [];
    store.onChange((change) => events.push(change));
    fs.writeFileSync(file, '[ssh]\nport = 2201\n');
    expect(store.reload()).toMatchObject({ ok: true });
    expect(store.current().ssh.port).toBe(2201);
    fs.writeFileSync(file, '[ssh]\nport = "nope"\n');
    const bad = store.reload();
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error.message).toBe('tux.toml: ssh.port must be an integer 1–65535 (got "nope")');
    expect(store.current().ssh.port).toBe(2201);
    expect(events.map((e) => e.changes.map((c) => c.key))).toEqual([['ssh.port']]);
  });

  it('watches the file: valid edits notify, invalid ones are logged once and ignored', async () => {
    const store = load('[ssh]\nmax_sessions = 2\n');
    const errors: string[] = [];
    const log = { info() {}, warn() {}, error: (_obj: object, msg: string) => errors.push(msg) };
    store.watch({ log, debounceMs: 20 });
    try {
      const changed = new Promise<ConfigChange>((resolve) => store.onChange(resolve));
      fs.writeFileSync(file, '[ssh]\nmax_sessions = 5\n');
      const change = await changed;
      expect(change.changes).toEqual([{ key: 'ssh.max_sessions', apply: 'hot', secret: false, before: 2, after: 5 }]);
      fs.writeFileSync(file, '[ssh]\nmax_sessions = [\n');
      await expect.poll(() => errors.length, { timeout: 3000 }).toBe(1);
      expect(errors[0]).toMatch(/keeping the previous config: tux\.toml: invalid TOML at line \d+, column \d+/);
      expect(store.current().ssh.max_sessions).toBe(5);
    } finally {
      store.close();
    }
  });
});

describe('resolveConfigPaths', () => {
  it("resolves relative data and keys directories from the config file's directory", async () => {
    const { resolveConfigPaths } = await import('./config-paths.ts');
    fs.mkdirSync(path.join(dir, 'etc'));
    fs.writeFileSync(path.join(dir, 'etc', 'tux.toml'), '[paths]\ndata = "state"\nkeys = "/abs/keys"\n');
    const store = loadConfig({ cwd: dir, path: 'etc/tux.toml', env: {} });
    expect(resolveConfigPaths(store)).toEqual({
      data: path.join(dir, 'etc', 'state'),
      keys: '/abs/keys',
      config: path.join(dir, 'etc', 'tux.toml'),
    });
  });
});
