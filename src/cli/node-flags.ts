/**
 * The V8 flags `tux start` runs with, chosen by `[performance]` in tux.toml. Node reads most of them only when it
 * starts, so `tux start` launches the appliance as a child node process with them, unless they are already given
 * (on node's command line or in NODE_OPTIONS) or can be had in this process: the `pi` profile's 1 MiB semi-space
 * is V8's starting size, kept by forbidding growth (`--semi-space-growth-factor=1`, which V8 reads whenever it
 * would grow the young generation), so the default start is one process with no second node start-up.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import type { TuxConfig } from '#core/config/schema.ts';

/** Young-generation semi-space per profile, in MiB (0: Node's own default, 16 MiB on 64-bit). */
export const PROFILE_SEMI_SPACE_MB: Record<TuxConfig['performance']['profile'], number> = { pi: 1, default: 0 };

/** What a start-up flag becomes when set in a running process (V8's young generation starts at 1 MiB). */
const RUNTIME_EQUIVALENT: Record<string, string> = { '--max-semi-space-size=1': '--semi-space-growth-factor=1' };

/** Names the flags set in the running process, for the "ready" line (process.execArgv lists only the others). */
const RUNTIME_FLAGS = 'TUX_RUNTIME_NODE_FLAGS';

/** Set in the child so it never launches another one. */
const RELAUNCHED = 'TUX_RELAUNCHED';

export function nodeFlagsFor(perf: TuxConfig['performance']): string[] {
  const flags: string[] = [];
  const semi = perf.semi_space_mb || PROFILE_SEMI_SPACE_MB[perf.profile];
  if (semi > 0) flags.push(`--max-semi-space-size=${semi}`);
  if (perf.heap_limit_mb > 0) flags.push(`--max-old-space-size=${perf.heap_limit_mb}`);
  return flags;
}

/** The flags not given yet, on node's command line or in NODE_OPTIONS; a flag given there wins over the config. */
export function missingFlags(flags: string[], execArgv: string[], nodeOptions = ''): string[] {
  const given = [...execArgv, ...nodeOptions.split(/\s+/)].map((a) => a.split('=')[0]!.replace(/_/g, '-'));
  return flags.filter((f) => !given.includes(f.split('=')[0]!));
}

/** The flags this process still lacks: none in a child started by relaunchWithFlags. */
export function flagsToApply(flags: string[], env: NodeJS.ProcessEnv = process.env): string[] {
  return env[RELAUNCHED] === '1' ? [] : missingFlags(flags, process.execArgv, env.NODE_OPTIONS);
}

/**
 * Applies `missing` to this running process when every one of them has a run-time equivalent, and says whether it
 * did; otherwise changes nothing (the caller relaunches).
 */
export function applyAtRuntime(missing: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  const runtime = missing.map((f) => RUNTIME_EQUIVALENT[f]);
  if (runtime.some((f) => f === undefined)) return false;
  for (const f of runtime as string[]) setFlagsFromString(f);
  env[RUNTIME_FLAGS] = (runtime as string[]).join(' ');
  return true;
}

/** The V8 flags this process runs with: its command line's and those set at run time. */
export function effectiveNodeFlags(env: NodeJS.ProcessEnv = process.env): string[] {
  return [...process.execArgv, ...(env[RUNTIME_FLAGS]?.split(' ').filter(Boolean) ?? [])];
}

/**
 * Runs this same `tux` command line in a child node with the flags and resolves with its exit code. The child has
 * its own process group, so a terminal's Ctrl-C reaches it once, through the SIGINT this process forwards.
 */
export function relaunchWithFlags(flags: string[]): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, ...flags, ...process.argv.slice(1)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    detached: true,
    env: { ...process.env, [RELAUNCHED]: '1' },
  });
  const forward = (signal: NodeJS.Signals) => () => {
    if (child.exitCode === null) child.kill(signal);
  };
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, forward(s));
  return new Promise((resolve) => {
    child.on('error', (err) => {
      process.stderr.write(`tux: cannot start node: ${err.message}\n`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 1)));
  });
}

/**
 * In a child started by relaunchWithFlags: stop cleanly (as on SIGTERM) if the launching process goes away, e.g.
 * killed with SIGKILL, so no appliance is left running on its own.
 */
export function stopWhenLauncherExits(): void {
  if (process.env[RELAUNCHED] !== '1' || !process.connected) return;
  process.channel?.unref();
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
