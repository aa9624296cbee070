/**
 * A crash in the middle of a burst of commands: the built appliance (`tux start` from dist/) is killed with SIGKILL
 * while $ping commands arrive, more arrive while it is down, and it is started again on the same data directory.
 * It resumes its stored gateway session, gets the events it missed, and answers every command exactly once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from '../fake-discord/server.ts';
import { freePort } from '../ssh/ssh-harness.ts';

const TUX = fileURLToPath(new URL('../../bin/tux.js', import.meta.url));
let dir = '';
let fake: FakeDiscord | null = null;
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  await fake?.close();
  fake = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Running {
  child: ChildProcess;
  appPid: number;
  output: () => string;
}

async function waitFor(check: () => boolean, what: string, output: () => string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what} did not happen in time:\n${output().slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function startAppliance(env: NodeJS.ProcessEnv): Promise<Running> {
  const child = spawn(process.execPath, [TUX, 'start'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const output = () => out;
  await waitFor(() => out.includes('connected to Discord as') || child.exitCode !== null, 'connecting', output);
  if (child.exitCode !== null) throw new Error(`the appliance exited:\n${out}`);
  const appPid = Number(/"pid":(\d+)/.exec(out)?.[1]);
  return { child, appPid, output };
}

describe('a crash during a burst of commands', () => {
  it('resumes the gateway session after kill -9 and answers every command exactly once', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tux-crash-'));
    fake = await startFakeDiscord({ heartbeatMs: 5000 });
    const f = fake;
    const env: NodeJS.ProcessEnv = { ...process.env, TUX_LOG_FILE: 'false' };
    for (const k of ['TUX_CONFIG', 'DISCORD_TOKEN', 'TUX_RELAUNCHED', 'NODE_OPTIONS']) delete env[k];
    Object.assign(env, {
      TUX_BOT_TOKEN: f.token,
      TUX_DISCORD_API_URL: f.apiUrl,
      TUX_PATHS_DATA: join(dir, 'data'),
      TUX_PATHS_KEYS: join(dir, 'keys'),
      TUX_SSH_PORT: String(await freePort()),
    });
    const general = f.ids.channels.general!;
    const replies = (id: string) =>
      [...f.world.messages.values()].filter((m) => m.author_id === f.botId && m.message_reference?.message_id === id)
        .length;
    const sent: string[] = [];
    const send = async (i: number) => {
      const m = await f.control.sendMessage({
        channelId: general,
        userId: f.ids.users.member1!,
        content: `$ping ${i}`,
      });
      sent.push(m.id);
    };
    const answered = () => sent.filter((id) => replies(id) > 0).length;

    const first = await startAppliance(env);
    // The first part of the burst; the process dies once some are answered and others are still arriving.
    for (let i = 0; i < 40; i++) await send(i);
    await waitFor(() => answered() >= 5, 'the first replies', first.output);
    process.kill(first.appPid, 'SIGKILL');
    first.child.kill('SIGKILL');
    const answeredBeforeCrash = answered();
    // The rest of the burst arrives while nothing runs.
    for (let i = 40; i < 100; i++) await send(i);
    expect(answeredBeforeCrash).toBeLessThan(100);

    const second = await startAppliance(env);
    await waitFor(() => answered() === sent.length, 'every command answered', second.output, 90_000);
    // Give a duplicate the time to show up.
    await new Promise((r) => setTimeout(r, 3000));
    const counts = sent.map(replies);
    expect(counts.filter((n) => n !== 1)).toEqual([]);
    expect(counts).toHaveLength(100);
    expect(second.output()).toContain('resumed the previous gateway session');
  }, 240_000);
});
