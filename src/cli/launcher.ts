/**
 * What bin/tux.js runs before the `tux` command itself: for `tux start`, reads `[performance]` from tux.toml (and
 * TUX_PERFORMANCE_*) and puts the V8 flags it asks for into effect: in this process when V8 takes them at run time,
 * else by running the appliance as a child node process with them. It loads only the TOML parser, so a process
 * left waiting for a child stays small; the config is validated by the appliance itself, which reports a bad value
 * with its key.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'smol-toml';
import type { TuxConfig } from '#core/config/schema.ts';
import { applyAtRuntime, flagsToApply, nodeFlagsFor, relaunchWithFlags } from './node-flags.ts';

type Performance = TuxConfig['performance'];

/** The command word and the --config value of a `tux` command line (argv without node and the script). */
export function readCommandLine(args: string[]): { command: string | undefined; config: string | undefined } {
  let config: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-c' || a === '--config') config = args[++i];
    else if (a.startsWith('--config=')) config = a.slice('--config='.length);
    else if (!a.startsWith('-')) return { command: a, config };
  }
  return { command: undefined, config };
}

const int = (v: unknown, max: number): number | undefined => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= max ? n : undefined;
};

/** `[performance]` as the appliance will see it; values it would refuse fall back to the defaults here. */
export function readPerformance(file: string, env: NodeJS.ProcessEnv): Performance {
  let section: Record<string, unknown> = {};
  try {
    const doc = parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    if (doc.performance && typeof doc.performance === 'object') section = doc.performance as Record<string, unknown>;
  } catch {
    // No file, or one the appliance will refuse with a clear message.
  }
  const pick = (key: string): unknown => env[`TUX_PERFORMANCE_${key.toUpperCase()}`] || section[key];
  const profile = pick('profile');
  return {
    profile: profile === 'default' ? 'default' : 'pi',
    semi_space_mb: int(pick('semi_space_mb'), 256) ?? 0,
    heap_limit_mb: int(pick('heap_limit_mb'), 65536) ?? 0,
  };
}

/**
 * For `tux start` without the configured V8 flags: sets them in this process when they can be (returns null: run
 * in place), else runs the command in a child node with them and returns its exit code.
 */
export async function launchWithNodeFlags(
  args = process.argv.slice(2),
  env = process.env,
  cwd = process.cwd(),
): Promise<number | null> {
  const { command, config } = readCommandLine(args);
  if (command !== 'start') return null;
  const file = path.resolve(cwd, config ?? (env.TUX_CONFIG || 'tux.toml'));
  const flags = nodeFlagsFor(readPerformance(file, env));
  const missing = flagsToApply(flags, env);
  if (missing.length === 0 || applyAtRuntime(missing, env)) return null;
  return relaunchWithFlags(flags);
}
