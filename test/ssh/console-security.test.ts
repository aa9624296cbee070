import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeKey, startTestConsole, type TestConsole, type TestKey } from './ssh-harness.ts';

let tc: TestConsole;
beforeAll(async () => {
  tc = await startTestConsole();
});
afterAll(async () => {
  await tc?.close();
});

/** Connects and resolves with the error (or null when the login succeeded). */
function attempt(cfg: ssh2.ConnectConfig): Promise<Error | null> {
  return new Promise((resolve) => {
    const c = new ssh2.Client();
    c.on('ready', () => {
      c.end();
      resolve(null);
    });
    c.on('error', (err) => resolve(err));
    c.on('close', () => resolve(new Error('connection closed before login')));
    c.connect({ host: '127.0.0.1', readyTimeout: 10_000, ...cfg });
  });
}

/** Reasons of the denied logins so far: one row per connection, written when the server has closed it. */
function deniedReasons(): string[] {
  return tc.ctx.audit
    .query({ action: 'ssh.auth', outcome: 'denied', limit: 500 })
    .flatMap((r) => [String(r.details.reason), ...((r.details.reasons as string[] | undefined) ?? [])]);
}

/** Waits until the server has written the denial row with this reason. */
async function expectDenied(reason: string): Promise<void> {
  await expect.poll(deniedReasons, { timeout: 10_000 }).toContain(reason);
}

/** Offers an authorized public key but signs with another private key. */
class ForgingAgent extends ssh2.BaseAgent<ssh2.ParsedKey> {
  constructor(
    private readonly offered: TestKey,
    private readonly signer: TestKey,
  ) {
    super();
  }
  override getIdentities(cb: (err: Error | undefined, keys?: ssh2.ParsedKey[]) => void): void {
    cb(undefined, [ssh2.utils.parseKey(this.offered.publicKey) as ssh2.ParsedKey]);
  }
  override sign(_pub: ssh2.ParsedKey, data: Buffer, ...rest: unknown[]): void {
    const cb = rest.find((x) => typeof x === 'function') as
      | ((err: Error | undefined, sig?: Buffer) => void)
      | undefined;
    const key = ssh2.utils.parseKey(this.signer.privateKey) as ssh2.ParsedKey;
    cb?.(undefined, key.sign(data));
  }
}

describe('authentication', () => {
  it('rejects an unknown key', async () => {
    const err = await attempt({ port: tc.port, username: 'tux', privateKey: makeKey('admin').privateKey });
    expect(err?.message).toMatch(/authentication methods failed/);
    await expectDenied('key not authorized');
  });

  it('closes the connection after too many authentication attempts', async () => {
    const agent = new (class extends ssh2.BaseAgent<ssh2.ParsedKey> {
      override getIdentities(cb: (err: Error | undefined, keys?: ssh2.ParsedKey[]) => void): void {
        cb(
          undefined,
          Array.from({ length: 9 }, () => ssh2.utils.parseKey(makeKey('viewer').publicKey) as ssh2.ParsedKey),
        );
      }
      override sign(): void {}
    })();
    const err = await attempt({ port: tc.port, username: 'tux', agent });
    expect(err).not.toBeNull();
    await expectDenied('too many authentication attempts');
  });

  it('rejects the wrong user even with an authorized key', async () => {
    const err = await attempt({ port: tc.port, username: 'root', privateKey: tc.keys.admin.privateKey });
    expect(err).not.toBeNull();
    await expectDenied('wrong user "root"');
  });

  it('rejects password and keyboard-interactive', async () => {
    const err = await attempt({ port: tc.port, username: 'tux', password: 'hunter2', tryKeyboard: true });
    expect(err).not.toBeNull();
    await expectDenied('password authentication is not accepted');
    await expectDenied('keyboard-interactive authentication is not accepted');
    // the password itself never reaches the audit trail
    expect(JSON.stringify(tc.ctx.audit.query({ limit: 1000 }))).not.toContain('hunter2');
  });

  it('rejects an authorized public key signed by a different private key', async () => {
    const agent = new ForgingAgent(tc.keys.admin, makeKey('admin'));
    const err = await attempt({ port: tc.port, username: 'tux', agent });
    expect(err).not.toBeNull();
    await expectDenied('signature does not verify');
  });

  it('accepts an authorized key and audits an exec command as one row', async () => {
    const before = tc.ctx.audit.query({ limit: 1 })[0]?.id ?? 0;
    const r = await tc.exec(tc.keys.viewer, 'sessions --json');
    expect(r.code).toBe(0);
    await expect.poll(() => tc.ctx.audit.query({ limit: 50 }).filter((row) => row.id > before).length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const rows = tc.ctx.audit.query({ limit: 50 }).filter((row) => row.id > before);
    expect(rows.map((row) => row.action)).toEqual(['ssh.exec']);
    expect(rows[0]?.actor).toMatch(/^ssh:SHA256:/);
    expect(rows[0]?.target).toBe('sessions --json');
    expect(rows[0]?.details).toMatchObject({ role: 'viewer', code: 0 });
    expect(rows[0]?.details.address).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it('an exec command that changes something is one row: the action itself', async () => {
    const before = tc.ctx.audit.query({ limit: 1 })[0]?.id ?? 0;
    expect((await tc.exec(tc.keys.admin, 'modules disable maintenance')).code).toBe(0);
    expect((await tc.exec(tc.keys.admin, 'modules enable maintenance')).code).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const rows = tc.ctx.audit.query({ limit: 50 }).filter((row) => row.id > before);
    expect(rows.map((row) => `${row.action} ${row.target} ${row.outcome}`)).toEqual([
      'modules.enable maintenance ok',
      'modules.disable maintenance ok',
    ]);
    expect(rows[1]?.details).toMatchObject({ status: 'disabled', role: 'admin' });
  });

  it('audits a connection that only tried the none method', async () => {
    const err = await attempt({ port: tc.port, username: 'tux' });
    expect(err).not.toBeNull();
    await expect
      .poll(() =>
        tc.ctx.audit.query({ action: 'ssh.auth', limit: 50 }).some((r) => {
          const methods = r.details.methods as string[] | undefined;
          return methods?.length === 1 && methods[0] === 'none' && r.details.reason === 'no key offered';
        }),
      )
      .toBe(true);
  });

  it('keeps a secret typed on an exec command line out of the trail', async () => {
    // a usage error happens before any admin operation, so the command line itself is the row
    const r = await tc.exec(tc.keys.admin, 'config set bot.token abc.def.ghi --bogus');
    expect(r.code).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(JSON.stringify(tc.ctx.audit.query({ limit: 100 }))).not.toContain('abc.def.ghi');
    expect(tc.ctx.audit.query({ action: 'ssh.exec', limit: 1 })[0]?.target).toBe('config set bot.token ********');
  });

  it('refuses everyone while authorized_keys is group- or world-writable', async () => {
    const file = path.join(tc.ctx.paths.keys, 'authorized_keys');
    fs.chmodSync(file, 0o666);
    try {
      const err = await attempt({ port: tc.port, username: 'tux', privateKey: tc.keys.admin.privateKey });
      expect(err).not.toBeNull();
      await expectDenied('authorized_keys refused (unsafe permissions)');
    } finally {
      fs.chmodSync(file, 0o600);
    }
    expect(await attempt({ port: tc.port, username: 'tux', privateKey: tc.keys.admin.privateKey })).toBeNull();
  });

  it('sees keys added to the file without a restart, and ignores lines with options', async () => {
    const file = path.join(tc.ctx.paths.keys, 'authorized_keys');
    const fresh = makeKey('viewer');
    const optioned = makeKey('admin');
    fs.appendFileSync(
      file,
      `from="10.0.0.1" ${optioned.publicKey} x tux-role=admin\n${fresh.publicKey} late tux-role=viewer\n`,
    );
    expect(await attempt({ port: tc.port, username: 'tux', privateKey: fresh.privateKey })).toBeNull();
    expect(await attempt({ port: tc.port, username: 'tux', privateKey: optioned.privateKey })).not.toBeNull();
  });
});

describe('roles', () => {
  it('a viewer cannot change config (126) and the denial is audited', async () => {
    const r = await tc.exec(tc.keys.viewer, 'config set bot.prefix !');
    expect(r.code).toBe(126);
    expect(r.stderr).toContain('needs the admin role');
    expect(tc.ctx.config.get('bot.prefix')).toBe('$');
    expect(tc.ctx.audit.query({ action: 'config.set', outcome: 'denied', limit: 1 })).toHaveLength(1);
  });

  it('an operator restarts services but cannot stop them', async () => {
    expect((await tc.exec(tc.keys.operator, 'services restart scheduler')).code).toBe(0);
    expect((await tc.exec(tc.keys.operator, 'services stop scheduler')).code).toBe(126);
    const row = tc.ctx.audit.query({ action: 'services.restart', limit: 1 })[0];
    expect(row?.outcome).toBe('ok');
    expect(row?.details.address).toMatch(/^127\.0\.0\.1:/);
  });

  it('forbidden errors keep --json output parseable', async () => {
    const r = await tc.exec(tc.keys.viewer, 'modules disable maintenance --json');
    expect(r.code).toBe(126);
    expect(JSON.parse(r.stderr).error.code).toBe('forbidden');
  });
});

describe('channel requests', () => {
  it('refuses port forwarding, sftp and a shell without a pty', async () => {
    const c = await tc.connect(tc.keys.admin);
    try {
      const out = await new Promise<Error | undefined>((r) =>
        c.forwardOut('127.0.0.1', 1234, '127.0.0.1', 22, (e) => r(e)),
      );
      expect(out).toBeInstanceOf(Error);
      const fin = await new Promise<Error | undefined>((r) => c.forwardIn('127.0.0.1', 0, (e) => r(e)));
      expect(fin).toBeInstanceOf(Error);
      const sftp = await new Promise<Error | undefined>((r) => c.sftp((e) => r(e)));
      expect(sftp).toBeInstanceOf(Error);
      const shell = await new Promise<{ code: number | null; err: string }>((resolve, reject) => {
        c.shell(false, (e, ch) => {
          if (e) return reject(e);
          let err = '';
          let code: number | null = null;
          ch.stderr.on('data', (d: Buffer) => {
            err += d;
          });
          ch.on('exit', (x: number) => {
            code = x;
          });
          ch.on('close', () => resolve({ code, err }));
          ch.resume();
        });
      });
      expect(shell.code).toBe(1);
      expect(shell.err).toContain('this console needs a terminal: use ssh -t');
    } finally {
      c.end();
    }
  });
});

describe('display safety', () => {
  it('neutralises escape sequences from log lines in exec output and the TUI', async () => {
    tc.ctx.log.warn('evil\x1b]52;c;aGVsbG8=\x07 line\x1b[2J done');
    const r = await tc.exec(tc.keys.viewer, 'logs --text evil');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('evil line done');
    expect(r.stdout).not.toContain('\x1b');
    const t = await tc.openTui(tc.keys.viewer);
    t.send('2');
    await t.waitFor('evil line done');
    expect(t.raw()).not.toContain('\x1b]52');
    expect(t.raw()).not.toContain('aGVsbG8=');
    t.send('q');
    expect(await t.exit).toBe(0);
  });
});

describe('limits', () => {
  let limited: TestConsole;
  beforeAll(async () => {
    limited = await startTestConsole({
      env: {
        TUX_SSH_THROTTLE_PER_IP: '7',
        TUX_SSH_THROTTLE_WINDOW_SECONDS: '60',
        TUX_SSH_IDLE_TIMEOUT_SECONDS: '1',
        TUX_SSH_MAX_SESSIONS: '1',
        TUX_SSH_MAX_SESSION_SECONDS: '2',
      },
    });
  });
  afterAll(async () => {
    await limited?.close();
  });

  it('closes an idle console session with a message', async () => {
    const t = await limited.openTui(limited.keys.admin);
    await t.waitFor('Overview');
    expect(await t.exit).toBe(1);
    expect(t.raw()).toContain('Session closed: idle for 1 s');
    const end = limited.ctx.audit.query({ action: 'ssh.session.end', limit: 1 })[0];
    expect(end?.details.reason).toBe('idle for 1 s');
  });

  it('refuses a session beyond ssh.max_sessions', async () => {
    const t = await limited.openTui(limited.keys.admin);
    await t.waitFor('Overview');
    const c = await limited.connect(limited.keys.viewer);
    const err = await new Promise<Error | undefined>((r) => c.exec('status', (e) => r(e)));
    expect(err).toBeInstanceOf(Error);
    c.end();
    expect(limited.ctx.audit.query({ action: 'ssh.session', outcome: 'denied', limit: 1 })[0]?.details.reason).toBe(
      'too many sessions',
    );
    await t.exit;
  });

  it('ends any session after ssh.max_session_seconds, exec commands too', async () => {
    const r = await limited.exec(limited.keys.viewer, 'logs --follow');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Session closed: session longer than 2 s');
  });

  it('counts failed connections per IP, not successful logins', async () => {
    // nine logins in a row, as a script running `ssh tux@host status` would: none is throttled
    for (let i = 0; i < 9; i++) {
      expect(
        await attempt({ port: limited.port, username: 'tux', privateKey: limited.keys.viewer.privateKey }),
      ).toBeNull();
    }
    // seven failures use up the budget of 7; the next connection is cut off before the banner
    for (let i = 0; i < 7; i++) {
      expect(
        await attempt({ port: limited.port, username: 'tux', privateKey: makeKey('admin').privateKey }),
      ).not.toBeNull();
    }
    const refused = await new Promise<string>((resolve) => {
      const s = net.connect(limited.port, '127.0.0.1');
      let data = '';
      s.on('data', (d) => {
        data += d;
      });
      s.on('close', () => resolve(data));
      s.on('error', () => {});
    });
    expect(refused).toBe('');
    const err = await attempt({ port: limited.port, username: 'tux', privateKey: limited.keys.viewer.privateKey });
    expect(err).not.toBeNull();
  });
});
