import net from 'node:net';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#core/config/index.ts';
import { registerAdminCommands } from '#src/cli/admin-commands.ts';
import { startTestConsole, type TestConsole } from './ssh-harness.ts';

let tc: TestConsole;
beforeAll(async () => {
  tc = await startTestConsole();
});
afterAll(async () => {
  await tc?.close();
});

async function tux(...args: string[]) {
  return tuxOn(tc, ...args);
}

async function tuxOn(tc: TestConsole, ...args: string[]) {
  let out = '';
  let err = '';
  const program = new Command().exitOverride();
  registerAdminCommands(program, {
    loadConfig: async () => loadConfig({ path: path.join(tc.dir, 'tux.toml'), env: tc.env, cwd: tc.dir }),
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
  });
  const before = process.exitCode;
  process.exitCode = 0;
  await program.parseAsync(args, { from: 'user' });
  const code = Number(process.exitCode ?? 0);
  process.exitCode = before;
  return { out, err, code };
}

describe('tux console', () => {
  it('runs console commands on the running appliance as the local unix user', async () => {
    const r = await tux('console', 'status', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).version).toBe(tc.ctx.version);
    const login = tc.ctx.audit.query({ action: 'ssh.exec', limit: 1 })[0];
    expect(login?.actor).toMatch(/^cli:/);
  });

  it('passes exit codes through and changes config through the admin layer', async () => {
    expect((await tux('console', 'nope')).code).toBe(127);
    const set = await tux('console', 'config', 'set', 'bot.name', 'Tux Two');
    expect(set.code).toBe(0);
    expect(tc.ctx.config.get('bot.name')).toBe('Tux Two');
    const row = tc.ctx.audit.query({ action: 'config.set', limit: 1 })[0];
    expect(row?.actor).toMatch(/^cli:/);
    expect(row?.details.address).toMatch(/^127\.0\.0\.1:/);
  });
});

describe('a console whose port is taken', () => {
  it('retries until the port is free, and tux console tells "console down" from "appliance down"', async () => {
    // another program holds the port: it takes connections and drops them
    const blocker = net.createServer((sock) => sock.destroy());
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as net.AddressInfo).port)),
    );
    const taken = await startTestConsole({ env: { TUX_SSH_PORT: String(port) } });
    try {
      const ssh = () => taken.app.services.list().find((s) => s.name === 'ssh');
      expect(ssh()?.health.status).toBe('down');
      expect(ssh()?.health.detail).toMatch(/EADDRINUSE.*retrying in \d+ s/);
      const down = await tuxOn(taken, 'console', 'status');
      expect(down.code).toBe(1);
      expect(down.err).toContain(`the appliance is running (pid ${process.pid}) but its console is down`);

      await new Promise<void>((resolve) => blocker.close(() => resolve()));
      await expect.poll(() => ssh()?.health.status, { timeout: 30_000, interval: 250 }).toBe('ok');
      const up = await tuxOn(taken, 'console', 'status', '--json');
      expect(up.code).toBe(0);
      // with the appliance stopped (its lock released), the same command says so
      await taken.app.stop();
      const gone = await tuxOn(taken, 'console', 'status');
      expect(gone.code).toBe(1);
      expect(gone.err).toContain('the appliance is not running');
    } finally {
      blocker.close();
      await taken.close();
    }
  }, 60_000);
});
