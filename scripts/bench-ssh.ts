/**
 * SSH console under load: 20 console sessions following the Logs screen while the appliance writes 2,000 log
 * lines per second, against the same logging with no session open. Measures event-loop lag (p99, from
 * perf_hooks.monitorEventLoopDelay) and CPU time (process.cpuUsage) of the appliance process; the clients run in
 * a separate process.
 */
import { spawn } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startTestConsole, type TestConsole } from '#test/ssh/ssh-harness.ts';

export interface SshBenchFigures {
  sessions: number;
  linesPerSecond: number;
  seconds: number;
  baseline: { lagP99Ms: number; cpuMs: number };
  loaded: { lagP99Ms: number; cpuMs: number; bytesToClients: number };
}

async function measure(tc: TestConsole, rate: number, seconds: number) {
  const h = monitorEventLoopDelay({ resolution: 5 });
  const log = tc.ctx.logs.child('bench');
  const perTick = Math.max(1, Math.round(rate / 100));
  let n = 0;
  h.enable();
  const cpu0 = process.cpuUsage();
  const timer = setInterval(() => {
    for (let i = 0; i < perTick; i++) log.info({ n: n++, user: 'someone' }, `bench line ${n} with some words in it`);
  }, 10);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  clearInterval(timer);
  const cpu = process.cpuUsage(cpu0);
  h.disable();
  return { lagP99Ms: h.percentile(99) / 1e6, cpuMs: (cpu.user + cpu.system) / 1000 };
}

export interface SshBenchOptions {
  sessions?: number;
  rate?: number;
  seconds?: number;
  /** Terminal size of every session (default 120x40). */
  cols?: number;
  rows?: number;
}

export async function benchSsh(opts: SshBenchOptions = {}): Promise<SshBenchFigures> {
  const sessions = opts.sessions ?? 20;
  const rate = opts.rate ?? 2000;
  const seconds = opts.seconds ?? 5;
  const tc = await startTestConsole({
    env: { TUX_LOG_LEVEL: 'info', TUX_SSH_MAX_SESSIONS: String(Math.max(8, sessions + 2)) },
  });
  try {
    const baseline = await measure(tc, rate, seconds);
    const script = fileURLToPath(new URL('./bench-ssh-clients.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        script,
        String(tc.port),
        Buffer.from(tc.keys.viewer.privateKey).toString('base64'),
        String(sessions),
        String(opts.cols ?? 120),
        String(opts.rows ?? 40),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    const deadline = Date.now() + 60_000;
    while (!out.includes('READY')) {
      if (Date.now() > deadline) throw new Error(`the ${sessions} bench sessions did not all open within 60 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const loaded = await measure(tc, rate, seconds);
    child.kill('SIGTERM');
    await new Promise((r) => child.on('close', r));
    const bytes = Number(/BYTES (\d+)/.exec(out)?.[1] ?? 0);
    return { sessions, linesPerSecond: rate, seconds, baseline, loaded: { ...loaded, bytesToClients: bytes } };
  } finally {
    await tc.close();
  }
}

export function formatSshBench(f: SshBenchFigures): string[] {
  const r = (a: number, b: number) => (b > 0 ? (a / b).toFixed(1) : 'n/a');
  return [
    `${f.sessions} console sessions following logs at ${f.linesPerSecond} lines/s for ${f.seconds} s`,
    `event-loop lag p99: ${f.loaded.lagP99Ms.toFixed(1)} ms (no sessions: ${f.baseline.lagP99Ms.toFixed(1)} ms, ratio ${r(f.loaded.lagP99Ms, f.baseline.lagP99Ms)}x)`,
    `CPU: ${(f.loaded.cpuMs / f.seconds / 10).toFixed(0)}% of a core (no sessions: ${(f.baseline.cpuMs / f.seconds / 10).toFixed(0)}%, ratio ${r(f.loaded.cpuMs, f.baseline.cpuMs)}x)`,
    `sent to clients: ${(f.loaded.bytesToClients / 1024 / f.seconds).toFixed(0)} KiB/s`,
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.env.CI = 'false';
  // node --import tsx scripts/bench-ssh.ts [--sessions N] [--rate N] [--seconds N] [--cols N] [--rows N]
  const opts: Record<string, number> = {};
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i]?.replace(/^--/, '') ?? '';
    const value = Number(args[i + 1]);
    if (!['sessions', 'rate', 'seconds', 'cols', 'rows'].includes(name) || !Number.isInteger(value) || value < 1) {
      process.stderr.write(`unknown option or bad value: ${args[i]} ${args[i + 1] ?? ''}\n`);
      process.stderr.write('usage: bench-ssh.ts [--sessions N] [--rate N] [--seconds N] [--cols N] [--rows N]\n');
      process.exit(2);
    }
    opts[name] = value;
  }
  const f = await benchSsh(opts);
  for (const line of formatSshBench(f)) process.stdout.write(`${line}\n`);
}
