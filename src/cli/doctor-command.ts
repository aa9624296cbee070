/**
 * `tux doctor`: checks what a self-hoster gets wrong (permissions, the console port, the config, the database, keys,
 * Node.js, ffmpeg) and prints what to fix. Exit 1 when something must be fixed, 0 otherwise; it changes nothing.
 */
import type { Command } from 'commander';
import { ConfigError, resolveConfigPaths } from '#core/config/index.ts';
import { type CliDeps, cliIo, runGuarded } from './cli-deps.ts';
import {
  checkConfig,
  checkDatabase,
  checkDataFiles,
  checkDirectory,
  checkDiskSpace,
  checkFfmpeg,
  checkJpegCodec,
  checkKeys,
  checkNode,
  checkPort,
  type Finding,
} from './doctor-checks.ts';

/** Runs every check; a config that does not load stops the checks that need it. */
export async function runDoctor(deps: CliDeps): Promise<Finding[]> {
  const findings: Finding[] = [...checkNode()];
  let store: Awaited<ReturnType<CliDeps['loadConfig']>>;
  try {
    store = await deps.loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    findings.push({ area: 'config', level: 'fail', message: err.message, fix: 'fix the key named above' });
    return findings;
  }
  const paths = resolveConfigPaths(store);
  findings.push(...checkConfig(store));
  findings.push(...checkDirectory('data', paths.data));
  findings.push(...checkDataFiles(paths.data));
  findings.push(...checkDiskSpace(paths.data));
  findings.push(...checkDirectory('keys', paths.keys));
  findings.push(...checkKeys(paths.keys, store.current().ssh.enabled));
  findings.push(...(await checkDatabase(store, paths.data)));
  findings.push(...(await checkPort(store, paths.data)));
  findings.push(...checkFfmpeg());
  findings.push(...(await checkJpegCodec()));
  return findings;
}

const LABEL = { ok: 'ok  ', info: 'info', warn: 'WARN', fail: 'FAIL' } as const;

export function registerDoctorCommand(program: Command, deps: CliDeps): void {
  const io = cliIo(deps);
  program
    .command('doctor')
    .description('check permissions, ports, config, database, keys, Node.js and ffmpeg; print what to fix')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      runGuarded(deps, async () => {
        const findings = await runDoctor(deps);
        const fails = findings.filter((f) => f.level === 'fail').length;
        const warns = findings.filter((f) => f.level === 'warn').length;
        if (opts.json) io.out(JSON.stringify({ ok: fails === 0, findings }));
        else {
          for (const f of findings) {
            io.out(`${LABEL[f.level]}  ${f.area.padEnd(8)} ${f.message}`);
            if (f.fix && f.level !== 'ok') io.out(`${' '.repeat(15)}fix: ${f.fix}`);
          }
          io.out(
            fails > 0
              ? `${fails} problem(s) to fix${warns > 0 ? `, ${warns} warning(s)` : ''}.`
              : warns > 0
                ? `Nothing must be fixed; ${warns} warning(s).`
                : 'All good.',
          );
        }
        if (fails > 0) process.exitCode = 1;
      }),
    );
}
