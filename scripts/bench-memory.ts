/**
 * Memory of the appliance on a big guild, against a bare discord.js client with default options, both connected
 * to the same emulator in the same run:
 * - a fixture of one guild with 10,000 members, 200 channels and 100 roles;
 * - RSS and heap after a full GC at READY + 10 s, and again after N chat messages (default 20,000) from 500 members;
 * - spawn → "ready" and idle RSS with no token (against bare node), and `tux --version` against `node -e 1`.
 *
 * Both processes get `--expose-gc --import scripts/bench-memory-probe.mjs` through NODE_OPTIONS and are measured
 * from the outside (SIGUSR2 → a MEMPROBE line). `tux` is the built appliance, bin/tux.js (or `tuxBin`).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Fixture } from '#test/fake-discord/fixture.ts';
import { type FakeDiscord, startFakeDiscord } from '#test/fake-discord/server.ts';
import { freePort } from '#test/ssh/ssh-harness.ts';
import { benchStartup, type StartupFigures } from './bench-startup.ts';

const PROBE = fileURLToPath(new URL('./bench-memory-probe.mjs', import.meta.url));
const BARE = fileURLToPath(new URL('./bench-memory-bare.mjs', import.meta.url));
export const DEFAULT_TUX = fileURLToPath(new URL('../bin/tux.js', import.meta.url));

export interface MemorySample {
  rssMb: number;
  heapMb: number;
  /** CPU time (user + system) of the process so far, µs */
  cpuUs: number;
  /** event-loop delay p99 since the previous sample, ms */
  lagP99Ms: number;
  /** V8 heap committed (MiB), memory outside the V8 heap that JS objects own, anonymous RSS (null off Linux) */
  heapTotalMb?: number;
  externalMb?: number;
  anonymousMb?: number | null;
  /** committed size of each V8 space, MiB */
  spacesMb?: Record<string, number>;
}

export interface MemoryBenchResult {
  messages: number;
  tux: { ready: MemorySample; afterMessages: MemorySample };
  bare: { ready: MemorySample; afterMessages: MemorySample };
  sendMs: number;
  startup: StartupFigures;
  versionMs: number;
  nodeMs: number;
}

const MiB = 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One guild: 10,000 members (a few roles each), 200 text channels, 100 roles. */
export function bigFixture(members = 10_000, channels = 200, roles = 100): Fixture {
  const users = Array.from({ length: members }, (_, i) => ({ key: `u${i}`, username: `member${i}` }));
  const roleList = Array.from({ length: roles }, (_, i) => ({ key: `r${i}`, name: `role ${i}`, color: i * 997 }));
  return {
    bot: { username: 'Tux' },
    users,
    guilds: [
      {
        key: 'big',
        name: 'Big Guild',
        owner: 'u0',
        everyonePermissions: ['ViewChannel', 'SendMessages', 'ReadMessageHistory', 'AddReactions'],
        roles: [
          ...roleList,
          {
            key: 'tux',
            name: 'Tux',
            bot: true,
            permissions: [
              'BanMembers',
              'KickMembers',
              'ModerateMembers',
              'ManageRoles',
              'ManageMessages',
              'EmbedLinks',
              'AttachFiles',
            ],
          },
        ],
        channels: Array.from({ length: channels }, (_, i) => ({ key: `c${i}`, name: `channel-${i}` })),
        members: users.map((u, i) => ({ user: u.key, roles: [`r${i % roles}`, `r${(i * 7) % roles}`] })),
        botRoles: ['tux'],
        systemChannel: 'c0',
      },
    ],
  };
}

/** A spawned process whose output we watch and whose memory we probe. */
export class Probed {
  out = '';
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;

  constructor(args: string[], env: NodeJS.ProcessEnv, cwd: string) {
    this.child = spawn(process.execPath, args, {
      cwd,
      env: { ...env, NODE_OPTIONS: `--expose-gc --import ${PROBE}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (d: Buffer) => {
      this.out += d.toString();
    });
    this.child.stderr?.on('data', (d: Buffer) => {
      this.out += d.toString();
    });
    this.exited = new Promise((r) => this.child.on('exit', () => r()));
  }

  async waitFor(text: string | RegExp, ms = 120_000, from = 0): Promise<void> {
    const end = Date.now() + ms;
    const seen = () => (typeof text === 'string' ? this.out.includes(text, from) : text.test(this.out.slice(from)));
    while (!seen()) {
      if (this.child.exitCode !== null) throw new Error(`exited before "${text}":\n${this.out.slice(-2000)}`);
      if (Date.now() > end) throw new Error(`no "${text}" within ${ms} ms:\n${this.out.slice(-2000)}`);
      await sleep(50);
    }
  }

  /** The pid that runs the code (the last one the probe announced). */
  private pid(): number {
    const all = [...this.out.matchAll(/MEMPROBE-PID (\d+)/g)];
    return Number(all.at(-1)?.[1] ?? this.child.pid);
  }

  async sample(): Promise<MemorySample> {
    const from = this.out.length;
    process.kill(this.pid(), 'SIGUSR2');
    await this.waitFor('MEMPROBE {', 30_000, from);
    const line = /MEMPROBE (\{.*\})/.exec(this.out.slice(from))![1]!;
    const m = JSON.parse(line) as {
      rss: number;
      heapUsed: number;
      heapTotal: number;
      external: number;
      anonymous: number | null;
      spaces: Record<string, number>;
      cpuUs: number;
      lagP99Ms: number;
    };
    return {
      rssMb: m.rss / MiB,
      heapMb: m.heapUsed / MiB,
      cpuUs: m.cpuUs,
      lagP99Ms: m.lagP99Ms,
      heapTotalMb: m.heapTotal / MiB,
      externalMb: m.external / MiB,
      anonymousMb: m.anonymous === null ? null : m.anonymous / MiB,
      spacesMb: Object.fromEntries(Object.entries(m.spaces ?? {}).map(([k, v]) => [k, v / MiB])),
    };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
    await Promise.race([this.exited, sleep(15_000)]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
}

function timeRuns(args: string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** The built appliance (`tux start` in `dir`) and the bare discord.js client, both connected to `fake` and ready. */
export async function startPair(
  fake: FakeDiscord,
  dir: string,
  tuxBin: string,
  procs: Probed[],
): Promise<{ tux: Probed; bare: Probed }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TUX_BOT_TOKEN: fake.token,
    TUX_DISCORD_API_URL: fake.apiUrl,
    TUX_PATHS_DATA: join(dir, 'data'),
    TUX_PATHS_KEYS: join(dir, 'keys'),
    TUX_SSH_PORT: String(await freePort()),
    TUX_LOG_FILE: 'false',
  };
  delete env.TUX_CONFIG;
  const tux = new Probed([tuxBin, 'start'], env, dir);
  const bare = new Probed([BARE], { ...process.env, BENCH_API_URL: fake.apiUrl, BENCH_TOKEN: fake.token }, dir);
  procs.push(tux, bare);
  await Promise.all([tux.waitFor(/connected to Discord as/), bare.waitFor('BENCH-READY')]);
  return { tux, bare };
}

/** Sends `messages` plain chat messages (none of them a command) round-robin over channels and authors; ms taken. */
export async function sendChat(
  fake: FakeDiscord,
  messages: number,
  channels: string[],
  authors: string[],
): Promise<number> {
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < messages; i = next++) {
      await fake.control.sendMessage({
        channelId: channels[i % channels.length]!,
        userId: authors[i % authors.length]!,
        content: `message ${i}: ${'penguins are great '.repeat(1 + (i % 5))}`,
      });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return performance.now() - started;
}

export async function benchMemory(
  opts: { messages?: number; tuxBin?: string; settleMs?: number } = {},
): Promise<MemoryBenchResult> {
  const messages = opts.messages ?? 20_000;
  const tuxBin = opts.tuxBin ?? DEFAULT_TUX;
  const settleMs = opts.settleMs ?? 10_000;
  const dir = mkdtempSync(join(tmpdir(), 'tux-bench-mem-'));
  const fake = await startFakeDiscord({ heartbeatMs: 5000, fixture: bigFixture() });
  const procs: Probed[] = [];
  try {
    const { tux, bare } = await startPair(fake, dir, tuxBin, procs);
    await sleep(settleMs);
    const [tuxReady, bareReady] = [await tux.sample(), await bare.sample()];

    const channels = Object.keys(fake.ids.channels).map((k) => fake.ids.channels[k]!);
    const authors = Array.from({ length: 500 }, (_, i) => fake.ids.users[`u${(i * 19) % 10_000}`]!);
    const sendMs = await sendChat(fake, messages, channels, authors);
    // Events arrive in order: once both have handled these, they have handled every message before them.
    await fake.control.sendMessage({ channelId: channels[0]!, userId: fake.ids.users.u0!, content: 'bench:done' });
    const pinged = await fake.control.sendMessage({
      channelId: channels[0]!,
      userId: fake.ids.users.u0!,
      content: '$ping',
    });
    await bare.waitFor('BENCH-DONE', 300_000);
    await fake.control.waitForMessage({ channelId: channels[0]!, after: pinged.id, timeoutMs: 300_000 });
    await sleep(2000);
    const [tuxAfter, bareAfter] = [await tux.sample(), await bare.sample()];
    await Promise.all(procs.map((p) => p.stop()));

    const startup = await benchStartup(3, tuxBin);
    const versionMs = timeRuns([tuxBin, '--version'], 5);
    const nodeMs = timeRuns(['-e', '1'], 5);
    return {
      messages,
      tux: { ready: tuxReady, afterMessages: tuxAfter },
      bare: { ready: bareReady, afterMessages: bareAfter },
      sendMs,
      startup,
      versionMs,
      nodeMs,
    };
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatMemoryBench(r: MemoryBenchResult): string[] {
  const f = (n: number, d = 1) => n.toFixed(d);
  const row = (label: string, t: MemorySample, b: MemorySample) =>
    `${label}: tux ${f(t.rssMb)} MiB RSS / ${f(t.heapMb)} MiB heap; bare discord.js ${f(b.rssMb)} / ${f(b.heapMb)} MiB (RSS ratio ${f(t.rssMb / b.rssMb, 2)}x)`;
  // Where the RSS goes: V8 heap committed (of it: code), other anonymous memory (malloc: SQLite, zlib, buffers),
  // and mapped files (node's binary, native addons), which an empty node process has too.
  const parts = (label: string, m: MemorySample) => {
    const anon = m.anonymousMb ?? Number.NaN;
    const code = (m.spacesMb?.code_space ?? 0) + (m.spacesMb?.code_large_object_space ?? 0);
    return `  ${label}: V8 heap committed ${f(m.heapTotalMb ?? Number.NaN)} (code ${f(code)}), other anonymous ${f(anon - (m.heapTotalMb ?? 0))}, files ${f(m.rssMb - anon)}, external ${f(m.externalMb ?? Number.NaN)} MiB`;
  };
  return [
    row('10,000 members, READY + 10 s', r.tux.ready, r.bare.ready),
    parts('tux', r.tux.ready),
    parts('bare', r.bare.ready),
    row(`after ${r.messages} messages`, r.tux.afterMessages, r.bare.afterMessages),
    parts('tux', r.tux.afterMessages),
    parts('bare', r.bare.afterMessages),
    `  (messages sent in ${f(r.sendMs / 1000)} s)`,
    `spawn → ready, no token: ${f(r.startup.readyMs, 0)} ms (bare node ${f(r.startup.baselineReadyMs, 0)} ms, ratio ${f(r.startup.readyMs / r.startup.baselineReadyMs)}x)`,
    `idle RSS, no token: ${f(r.startup.idleRssMb)} MiB (bare node ${f(r.startup.baselineRssMb)} MiB, ratio ${f(r.startup.idleRssMb / r.startup.baselineRssMb)}x)`,
    `tux --version: ${f(r.versionMs, 0)} ms (node -e 1: ${f(r.nodeMs, 0)} ms, ratio ${f(r.versionMs / r.nodeMs)}x)`,
  ];
}
