/**
 * The console under a flood, from loopback addresses only (127.0.0.0/8): silent TCP connections that never send an
 * SSH banner, and key exchanges from many addresses. An admin can still log in, and the audit trail stays small.
 */
import net from 'node:net';
import ssh2 from 'ssh2';
import { afterEach, describe, expect, it } from 'vitest';
import { makeKey, startTestConsole, type TestConsole } from './ssh-harness.ts';

let tc: TestConsole | null = null;
const sockets: net.Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await tc?.close();
  tc = null;
});

function silentSocket(port: number, localAddress = '127.0.0.1'): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port, host: '127.0.0.1', localAddress });
    s.on('error', () => {});
    // read (and drop) whatever comes, so the server's close is seen
    s.resume();
    s.once('connect', () => resolve(s));
    s.once('error', reject);
    sockets.push(s);
  });
}

/** Connects from `localAddress` and resolves with the error (null when the login succeeded). */
function attempt(port: number, cfg: Partial<ssh2.ConnectConfig>): Promise<Error | null> {
  return new Promise((resolve) => {
    const c = new ssh2.Client();
    c.on('ready', () => {
      c.end();
      resolve(null);
    });
    c.on('error', (err) => resolve(err));
    c.on('close', () => resolve(new Error('connection closed before login')));
    c.connect({ host: '127.0.0.1', port, username: 'tux', readyTimeout: 10_000, ...cfg });
  });
}

describe('silent connections', () => {
  it('cannot lock an admin out, and are closed after the banner timeout', async () => {
    tc = await startTestConsole({
      env: { TUX_SSH_MAX_PREAUTH: '20', TUX_SSH_BANNER_TIMEOUT_SECONDS: '2', TUX_SSH_THROTTLE_PER_IP: '100' },
    });
    const port = tc.port;
    const silent = await Promise.all(Array.from({ length: 24 }, () => silentSocket(port)));
    // every pre-auth slot is held by a socket that sent nothing; the admin still gets in at once
    const r = await tc.exec(tc.keys.admin, 'status');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ssh');
    // and the silent ones are closed when their banner time runs out
    await expect.poll(() => silent.filter((s) => !s.closed).length, { timeout: 15_000 }).toBe(0);
    await expect
      .poll(() =>
        tc?.ctx.audit
          .query({ action: 'ssh.auth', limit: 100 })
          .some((row) => row.details.reason === 'no SSH banner within 2 s'),
      )
      .toBe(true);
  }, 60_000);
});

describe('key exchanges from many addresses', () => {
  it('are bounded by a global budget, and their audit rows fold into a summary', async () => {
    tc = await startTestConsole({
      env: { TUX_SSH_THROTTLE_GLOBAL: '10', TUX_SSH_THROTTLE_WINDOW_SECONDS: '600', TUX_SSH_THROTTLE_PER_IP: '8' },
    });
    const port = tc.port;
    const stranger = makeKey('admin');
    const results: (Error | null)[] = [];
    for (let i = 0; i < 14; i++) {
      results.push(await attempt(port, { privateKey: stranger.privateKey, localAddress: `127.0.0.${i + 2}` }));
    }
    expect(results.every((e) => e !== null)).toBe(true);
    const rows = () => tc?.ctx.audit.query({ action: 'ssh.auth', limit: 100 }) ?? [];
    // ten key exchanges were let through and failed; the rest were cut off before the handshake
    await expect.poll(() => rows().length).toBe(10);
    const cut = results.slice(10).map((e) => e?.message ?? '');
    expect(cut.every((m) => !/authentication methods failed/.test(m))).toBe(true);
    // the window's summary row is written when it ends, or when the console stops
    await tc.app.services.stop('ssh');
    const flood = tc.ctx.audit.query({ action: 'ssh.flood', limit: 5 });
    expect(flood).toHaveLength(1);
    expect(flood[0]?.details).toMatchObject({ refused_connections: 4, addresses: 4 });
  }, 60_000);
});

describe('key exchanges that stall after the banner', () => {
  it('fill the shared pre-auth slots but cannot lock out the local admin', async () => {
    tc = await startTestConsole({
      env: { TUX_SSH_MAX_PREAUTH: '3', TUX_SSH_LOGIN_GRACE_SECONDS: '60', TUX_SSH_THROTTLE_PER_IP: '100' },
    });
    const t = tc;
    // From other addresses: each sends its banner, then never answers the key exchange.
    const stalled = await Promise.all([2, 3, 4].map((i) => silentSocket(t.port, `127.0.0.${i}`)));
    for (const s of stalled) s.write('SSH-2.0-stall\r\n');
    await expect.poll(() => t.ssh.health().metrics?.preauth, { timeout: 10_000 }).toBe(3);
    // The shared slots are full and none is silent: another address is turned away ...
    const stranger = await attempt(t.port, { privateKey: t.keys.admin.privateKey, localAddress: '127.0.0.5' });
    expect(stranger).not.toBeNull();
    // ... but a connection from this machine itself (tux console) gets in, again and again.
    for (let i = 0; i < 3; i++) {
      const r = await t.exec(t.localKey(), 'status');
      expect(r.code).toBe(0);
    }
    expect(stalled.every((s) => !s.closed)).toBe(true);
  }, 60_000);
});
