import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestConsole, type TestConsole } from './ssh-harness.ts';

const hasSsh = spawnSync('ssh', ['-V'], { timeout: 30_000 }).status === 0;
if (!hasSsh) console.warn('skipping the OpenSSH smoke test: no `ssh` binary (apt-get install -y openssh-client)');

describe.skipIf(!hasSsh)('with the real OpenSSH client', () => {
  let tc: TestConsole;
  let args: string[];
  beforeAll(async () => {
    tc = await startTestConsole();
    const keyFile = path.join(tc.dir, 'id_ed25519');
    fs.writeFileSync(keyFile, tc.keys.admin.privateKey, { mode: 0o600 });
    // Pin the appliance's host key: the test fails if the server presents any other key.
    const hostPub = fs.readFileSync(path.join(tc.ctx.paths.keys, 'ssh_host_ed25519_key.pub'), 'utf8').trim();
    const knownHosts = path.join(tc.dir, 'known_hosts');
    fs.writeFileSync(knownHosts, `[127.0.0.1]:${tc.port} ${hostPub.split(' ').slice(0, 2).join(' ')}\n`);
    args = [
      '-F',
      '/dev/null',
      '-i',
      keyFile,
      '-p',
      String(tc.port),
      '-o',
      'BatchMode=yes',
      '-o',
      'IdentitiesOnly=yes',
      '-o',
      `UserKnownHostsFile=${knownHosts}`,
      '-o',
      'StrictHostKeyChecking=yes',
      'tux@127.0.0.1',
    ];
  });
  afterAll(async () => {
    await tc?.close();
  });

  const run = (extra: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const p = spawn('ssh', [
        ...args.slice(0, -1),
        ...extra.filter((e) => e.startsWith('-')),
        args.at(-1)!,
        ...extra.filter((e) => !e.startsWith('-')),
      ]);
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (d) => {
        stdout += d;
      });
      p.stderr.on('data', (d) => {
        stderr += d;
      });
      p.on('close', (code) => resolve({ code, stdout, stderr }));
    });

  it('runs exec commands with exit codes', async () => {
    const ok = await run(['status']);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^Tux /);
    expect((await run(['nope'])).code).toBe(127);
    const dash = await run(['dashboard']);
    expect(dash.code).toBe(1);
    expect(dash.stderr).toContain('use ssh -t');
  });

  it('accepts an RSA key with SHA-2 signatures and refuses SHA-1 (ssh-rsa) signatures', async () => {
    const rsa = path.join(tc.dir, 'id_rsa');
    expect(
      spawnSync('ssh-keygen', ['-t', 'rsa', '-b', '2048', '-N', '', '-q', '-f', rsa], { timeout: 30_000 }).status,
    ).toBe(0);
    const authorized = path.join(tc.ctx.paths.keys, 'authorized_keys');
    fs.appendFileSync(authorized, `${fs.readFileSync(`${rsa}.pub`, 'utf8').trim()} rsa@test tux-role=viewer\n`);
    // Asynchronous: the server runs in this process, a synchronous spawn would block it.
    const withKey = (extra: string[]) =>
      new Promise<number | null>((resolve) => {
        const a = [...args];
        a[a.indexOf('-i') + 1] = rsa;
        const p = spawn('ssh', [...extra, ...a, 'status'], { stdio: 'ignore' });
        p.on('close', resolve);
      });
    expect(await withKey([])).toBe(0);
    expect(await withKey(['-o', 'PubkeyAcceptedAlgorithms=ssh-rsa'])).toBe(255);
    // The server writes the refusal when it sees the connection close, which can come after the client has exited.
    const refused = () =>
      tc.ctx.audit
        .query({ action: 'ssh.auth', outcome: 'denied', limit: 20 })
        .some((r) => r.details.reason === 'RSA signature with SHA-1 refused');
    const deadline = Date.now() + 10_000;
    while (!refused() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(refused()).toBe(true);
  });

  it('opens the console with a pty and leaves it with q (exit 0)', async () => {
    const p = spawn('ssh', ['-tt', ...args]);
    let out = '';
    p.stdout.on('data', (d) => {
      out += d;
    });
    const deadline = Date.now() + 10_000;
    while (!out.includes('Recent activity') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(out).toContain('Recent activity');
    p.stdin.write('q');
    const code = await new Promise<number | null>((r) => p.on('close', r));
    expect(code).toBe(0);
  });
});
