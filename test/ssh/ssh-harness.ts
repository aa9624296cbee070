/**
 * A real appliance (createApp on a temporary directory) with the SSH console on a free loopback port, plus an
 * ssh2 client and @xterm/headless as the admin's terminal.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import xterm from '@xterm/headless';
import ssh2 from 'ssh2';
import type { AdminContext, BotStatusProvider } from '#admin/admin-context.ts';
import { generateEd25519KeyPair } from '#admin/ed25519-keys.ts';
import type { Role } from '#admin/roles.ts';
import { type App, createApp } from '#src/app.ts';
import type { SshService } from '#ssh/ssh-service.ts';

export interface TestKey {
  role: Role;
  privateKey: string;
  publicKey: string;
  label: string;
}

export function makeKey(role: Role, label = `${role}@test`): TestKey {
  const pair = generateEd25519KeyPair();
  return { role, privateKey: pair.private, publicKey: pair.public, label };
}

export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

export interface TestConsole {
  dir: string;
  env: NodeJS.ProcessEnv;
  app: App;
  ctx: AdminContext;
  ssh: SshService;
  port: number;
  keys: Record<'admin' | 'operator' | 'viewer', TestKey>;
  connect(key: TestKey | null, opts?: Partial<ssh2.ConnectConfig>): Promise<ssh2.Client>;
  exec(key: TestKey, command: string, opts?: { pty?: boolean }): Promise<ExecResult>;
  openTui(key: TestKey, opts?: { cols?: number; rows?: number; command?: string }): Promise<TuiSession>;
  /** The appliance's own local console key (what `tux console` logs in with). */
  localKey(): TestKey;
  close(): Promise<void>;
}

export interface ExecResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export async function startTestConsole(
  opts: {
    env?: Record<string, string>;
    bot?: BotStatusProvider;
    extraKeys?: string[];
    /** Start with an empty authorized_keys (log in with `localKey()`). */
    noKeys?: boolean;
    /** Extra modules registered before start, for toggling tests. */
    modules?: { name: string; description: string; setup?: () => undefined }[];
  } = {},
): Promise<TestConsole> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tux-ssh-'));
  const port = await freePort();
  const keys = { admin: makeKey('admin'), operator: makeKey('operator'), viewer: makeKey('viewer') };
  const keysDir = path.join(dir, 'keys');
  fs.mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const lines = Object.values(keys).map((k) => `${k.publicKey} ${k.label} tux-role=${k.role}`);
  const keyLines = opts.noKeys ? [] : [...lines, ...(opts.extraKeys ?? [])];
  fs.writeFileSync(path.join(keysDir, 'authorized_keys'), keyLines.length ? `${keyLines.join('\n')}\n` : '', {
    mode: 0o600,
  });
  const env: NodeJS.ProcessEnv = {
    TUX_PATHS_DATA: path.join(dir, 'data'),
    TUX_PATHS_KEYS: keysDir,
    TUX_SSH_PORT: String(port),
    TUX_SSH_HOST: '127.0.0.1',
    TUX_SSH_THROTTLE_PER_IP: '1000',
    TUX_SSH_MAX_PREAUTH: '1000',
    TUX_LOG_FILE: 'false',
    // Never reach the real Discord, even when a test sets a token.
    TUX_DISCORD_API_URL: 'http://127.0.0.1:9/api',
    TUX_LOG_LEVEL: 'debug',
    ...opts.env,
  };
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  const app = await createApp({ env, cwd: dir, configPath: path.join(dir, 'tux.toml'), stdout: sink });
  if (opts.bot) Object.assign(app, { bot: opts.bot });
  for (const m of opts.modules ?? []) app.modules.register(m);
  const ctx: AdminContext = app;
  const ssh = app.sshService;
  if (!ssh) throw new Error('the console is switched off in this config');
  await app.start();
  const clients = new Set<ssh2.Client>();

  const connect = (key: TestKey | null, extra: Partial<ssh2.ConnectConfig> = {}) =>
    new Promise<ssh2.Client>((resolve, reject) => {
      const c = new ssh2.Client();
      clients.add(c);
      c.on('ready', () => resolve(c));
      c.on('error', (err) => reject(err));
      c.on('close', () => clients.delete(c));
      c.connect({
        host: '127.0.0.1',
        port,
        username: 'tux',
        ...(key ? { privateKey: key.privateKey } : {}),
        readyTimeout: 10_000,
        ...extra,
      });
    });

  const exec = async (key: TestKey, command: string, o: { pty?: boolean } = {}): Promise<ExecResult> => {
    const c = await connect(key);
    try {
      return await new Promise<ExecResult>((resolve, reject) => {
        c.exec(command, o.pty ? { pty: { term: 'xterm-256color', cols: 100, rows: 30 } } : {}, (err, ch) => {
          if (err) return reject(err);
          let stdout = '';
          let stderr = '';
          let code: number | null = null;
          ch.on('data', (d: Buffer) => {
            stdout += d.toString();
          });
          ch.stderr.on('data', (d: Buffer) => {
            stderr += d.toString();
          });
          ch.on('exit', (c2: number | null) => {
            code = c2;
          });
          ch.on('close', () => resolve({ code, stdout, stderr }));
        });
      });
    } finally {
      c.end();
    }
  };

  const openTui = async (key: TestKey, o: { cols?: number; rows?: number; command?: string } = {}) => {
    const c = await connect(key);
    return openTerminal(c, o);
  };

  return {
    dir,
    env,
    app,
    ctx,
    ssh,
    port,
    keys,
    connect,
    exec,
    openTui,
    localKey: () => ({
      role: 'admin',
      privateKey: fs.readFileSync(path.join(keysDir, 'local_admin_ed25519'), 'utf8'),
      publicKey: '',
      label: 'tux console (local)',
    }),
    async close() {
      for (const c of clients) c.end();
      await app.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TuiSession {
  client: ssh2.Client;
  channel: ssh2.ClientChannel;
  term: xterm.Terminal;
  /** The raw bytes received so far. */
  raw(): string;
  text(): string;
  lines(): string[];
  send(keys: string): void;
  waitFor(match: string | RegExp | ((screen: string) => boolean), timeoutMs?: number): Promise<string>;
  resize(cols: number, rows: number): void;
  exit: Promise<number | null>;
  close(): void;
}

export async function openTerminal(
  client: ssh2.Client,
  o: { cols?: number; rows?: number; command?: string } = {},
): Promise<TuiSession> {
  const cols = o.cols ?? 100;
  const rows = o.rows ?? 30;
  const term = new xterm.Terminal({ cols, rows, allowProposedApi: true });
  const pty = { term: 'xterm-256color', cols, rows };
  const channel = await new Promise<ssh2.ClientChannel>((resolve, reject) => {
    const cb = (err: Error | undefined, ch: ssh2.ClientChannel) => (err ? reject(err) : resolve(ch));
    if (o.command) client.exec(o.command, { pty }, cb);
    else client.shell(pty, cb);
  });
  let raw = '';
  let code: number | null = null;
  channel.on('data', (d: Buffer) => {
    raw += d.toString();
    term.write(d);
  });
  channel.on('exit', (c: number | null) => {
    code = c;
  });
  const exit = new Promise<number | null>((resolve) => channel.on('close', () => resolve(code)));
  const lines = () => {
    const out: string[] = [];
    const buf = term.buffer.active;
    for (let i = 0; i < term.rows; i++) out.push(buf.getLine(buf.viewportY + i)?.translateToString(true) ?? '');
    return out;
  };
  const text = () => lines().join('\n');
  const flush = () => new Promise<void>((r) => term.write('', r));
  return {
    client,
    channel,
    term,
    raw: () => raw,
    text,
    lines,
    send: (keys) => channel.write(keys),
    async waitFor(match, timeoutMs = 8000) {
      const test =
        typeof match === 'function'
          ? match
          : (s: string) => (typeof match === 'string' ? s.includes(match) : match.test(s));
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await flush();
        const s = text();
        if (test(s)) return s;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(match)}; screen:\n${s}`);
        await new Promise((r) => setTimeout(r, 40));
      }
    },
    resize(c, r) {
      term.resize(c, r);
      channel.setWindow(r, c, 0, 0);
    },
    exit,
    close() {
      client.end();
    },
  };
}
