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
