/**
 * Cold start and idle memory of `tux start` (no token, console on), against a bare `node` process that loads
 * nothing, measured in the same run. Start time is process spawn → the "ready" log line.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TUX = fileURLToPath(new URL('../bin/tux.js', import.meta.url));

export interface StartupFigures {
  readyMs: number;
  idleRssMb: number;
  baselineReadyMs: number;
  baselineRssMb: number;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function measure(args: string[], readyText: string, env: NodeJS.ProcessEnv, cwd: string) {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const readyMs = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${readyText}" within 60 s:\n${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes(readyText)) {
        clearTimeout(timer);
        resolve(performance.now() - started);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
  await new Promise((r) => setTimeout(r, 3000)); // let start-up garbage settle into the idle state
  // `tux start` may run the appliance in a child node process: measure the process that logged "ready".
  const readyLine = out.split('\n').find((l) => l.includes(readyText)) ?? '';
  const rss = rssMb(Number(/"pid":(\d+)/.exec(readyLine)?.[1] ?? child.pid));
  const exited = new Promise((r) => child.on('exit', r));
  child.kill('SIGTERM');
  await exited;
  return { readyMs, rss };
}

export async function benchStartup(runs = 3, tuxBin = TUX): Promise<StartupFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'tux-bench-start-'));
  try {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TUX_PATHS_DATA: join(dir, 'data'),
      TUX_PATHS_KEYS: join(dir, 'keys'),
      TUX_SSH_PORT: '22222',
      TUX_LOG_FILE: 'false',
    };
    delete env.TUX_BOT_TOKEN;
    delete env.DISCORD_TOKEN;
    const tux: { readyMs: number; rss: number }[] = [];
    const bare: { readyMs: number; rss: number }[] = [];
    for (let i = 0; i < runs; i++) {
      tux.push(await measure([tuxBin, 'start'], ' ready (', env, dir));
      bare.push(await measure(['-e', 'console.log("ready"); setInterval(() => {}, 1e9)'], 'ready', process.env, dir));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    return {
      readyMs: median(tux.map((r) => r.readyMs)),
      idleRssMb: median(tux.map((r) => r.rss)),
      baselineReadyMs: median(bare.map((r) => r.readyMs)),
      baselineRssMb: median(bare.map((r) => r.rss)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
