import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '#src/app.ts';
import { type CliKit, createCliKit } from './cli-test-kit.ts';
import { checkNode } from './doctor-checks.ts';
import { registerDoctorCommand } from './doctor-command.ts';

let kit: CliKit | undefined;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  kit?.cleanup();
  kit = undefined;
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** A kit whose config points the console at a free port, with data and keys made as the first start makes them. */
async function doctorKit(extraToml = ''): Promise<{ kit: CliKit; port: number; keysDir: string }> {
  const k = createCliKit(registerDoctorCommand);
  kit = k;
  const port = await freePort();
  fs.writeFileSync(path.join(k.dir, 'tux.toml'), `[paths]\ndata = "./data"\n\n[ssh]\nport = ${port}\n${extraToml}`);
  const keysDir = path.join(k.dir, 'keys');
  fs.mkdirSync(k.dataDir, { mode: 0o700 });
  fs.mkdirSync(keysDir, { mode: 0o700 });
  fs.chmodSync(k.dir, 0o755);
  return { kit: k, port, keysDir };
}

function lines(out: string, level: string): string[] {
  return out.split('\n').filter((l) => l.startsWith(level));
}

describe('tux doctor', () => {
  it('a fresh install has nothing to fix and says what each part is', async () => {
    const { kit } = await doctorKit();
    const r = await kit.run('doctor');
    expect(lines(r.out, 'FAIL')).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ok {4}port {5}127\.0\.0\.1:\d+ is free$/m);
    expect(r.out).toMatch(/^info {2}ffmpeg/m);
    expect(r.out).toMatch(/^info {2}jpeg {5}libjpeg-turbo \(libturbojpeg\.so\.0\): deepfry's JPEG codec$/m);
    expect(r.out).toMatch(/no keys in .*authorized_keys/);
    expect(r.out).toMatch(/^(All good\.|Nothing must be fixed; \d+ warning\(s\)\.)$/m);
  });

  it('a keys folder or authorized_keys others can write is a problem, with the command that fixes it', async () => {
    const { kit, keysDir } = await doctorKit();
    const ak = path.join(keysDir, 'authorized_keys');
    fs.writeFileSync(ak, '');
    fs.chmodSync(ak, 0o666);
    fs.chmodSync(keysDir, 0o777);
    const r = await kit.run('doctor');
    expect(r.code).toBe(1);
    expect(r.out).toContain(`FAIL  keys     ${keysDir} is writable by group or others (mode 777)`);
    expect(r.out).toContain(`fix: chmod 700 ${keysDir}`);
    expect(r.out).toMatch(new RegExp(`FAIL  keys     ${ak} is group- or world-writable`));
    expect(r.out).toContain(`fix: chmod 600 ${ak}`);
    expect(r.out).toMatch(/^\d+ problem\(s\) to fix/m);
  });

  it('a private key readable by others, and a port another program holds, must be fixed', async () => {
    const { kit, keysDir, port } = await doctorKit();
    const hostKey = path.join(keysDir, 'ssh_host_ed25519_key');
    fs.writeFileSync(hostKey, 'x', { mode: 0o644 });
    fs.chmodSync(hostKey, 0o644);
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => squatter.close(() => resolve())));
    const r = await kit.run('doctor', '--json');
    expect(r.code).toBe(1);
    const { ok, findings } = JSON.parse(r.out) as { ok: boolean; findings: { area: string; level: string }[] };
    expect(ok).toBe(false);
    expect(findings).toContainEqual(
      expect.objectContaining({ area: 'keys', level: 'fail', message: expect.stringContaining(hostKey) }),
    );
    expect(findings).toContainEqual(
      expect.objectContaining({
        area: 'port',
        level: 'fail',
        message: `127.0.0.1:${port} is taken by another program`,
      }),
    );
  });

  it('an invalid config stops the checks with the key named', async () => {
    const { kit } = await doctorKit('max_sessions = "lots"\n');
    const r = await kit.run('doctor');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^FAIL {2}config {3}.*ssh\.max_sessions/m);
  });

  it('a damaged database must be fixed', async () => {
    const { kit } = await doctorKit();
    // A SQLite header followed by garbage pages.
    const header = Buffer.from('SQLite format 3\0', 'latin1');
    fs.writeFileSync(kit.dbPath, Buffer.concat([header, Buffer.alloc(8192, 0x5a)]));
    const r = await kit.run('doctor');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^FAIL {2}database/m);
  });

  it('while Tux runs: the port answers as Tux, the database is checked live', async () => {
    const { kit } = await doctorKit();
    const app = await createApp({
      configPath: path.join(kit.dir, 'tux.toml'),
      env: { TUX_LOG_FILE: 'false' },
      stdout: new Writable({ write: (_c, _e, cb) => cb() }),
    });
    closers.push(() => app.stop());
    await app.start();
    const r = await kit.run('doctor');
    expect(r.out).toMatch(
      new RegExp(`^ok {4}port {5}127\\.0\\.0\\.1:\\d+ answers as Tux \\(pid ${process.pid}\\)$`, 'm'),
    );
    expect(r.out).toMatch(/^ok {4}database .*integrity ok/m);
    expect(r.out).toMatch(new RegExp(`Tux is running \\(pid ${process.pid}\\)`));
  });
});

describe('checkNode', () => {
  it('follows the supported range', () => {
    expect(checkNode('18.19.0')[0]?.level).toBe('fail');
    expect(checkNode('20.18.1')[0]?.level).toBe('fail');
    expect(checkNode('20.19.0')[0]?.level).toBe('warn');
    expect(checkNode('21.7.0')[0]?.level).toBe('fail');
    expect(checkNode('22.11.0')[0]?.level).toBe('fail');
    expect(checkNode('22.12.0')[0]?.level).toBe('ok');
    expect(checkNode('24.11.1')[0]?.level).toBe('ok');
    expect(checkNode('25.0.0')[0]?.level).toBe('warn');
  });
});
