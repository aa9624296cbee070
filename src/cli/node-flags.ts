/**
 * The V8 flags `tux start` runs with, chosen by `[performance]` in tux.toml. Node reads them only when it starts,
 * so `tux start` launches the appliance as a child node process with them, unless they are already given (on
 * node's command line or in NODE_OPTIONS, as the Docker image and a systemd unit do): then it runs in place.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { TuxConfig } from '#core/config/schema.ts';

/** Young-generation semi-space per profile, in MiB (0: Node's own default, 16 MiB on 64-bit). */
export const PROFILE_SEMI_SPACE_MB: Record<TuxConfig['performance']['profile'], number> = { pi: 2, default: 0 };

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

/** Whether this process must hand over to a child with `flags`. */
export function needsRelaunch(flags: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  return env[RELAUNCHED] !== '1' && missingFlags(flags, process.execArgv, env.NODE_OPTIONS).length > 0;
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
