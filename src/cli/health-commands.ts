/**
 * `tux health`: one line and an exit code for a supervisor (the container HEALTHCHECK, a monitoring script): 0 when
 * the appliance runs and nothing is down, 1 otherwise. It reads the lock file and the heartbeat the appliance writes
 * to `<data>/health.json`; it needs no console key and works with the console off.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { readLockOwner } from '#core/db/index.ts';
import { judgeHealth, readHealthReport } from '#core/health/health-file.ts';
import { type CliDeps, cliIo, dataFiles, runGuarded } from './cli-deps.ts';

export function registerHealthCommand(program: Command, deps: CliDeps): void {
  const io = cliIo(deps);
  program
    .command('health')
    .description('exit 0 when the appliance runs and no service is down, 1 otherwise (one line says why)')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      runGuarded(deps, async () => {
        const { dbPath } = await dataFiles(deps);
        const report = readHealthReport(path.dirname(dbPath));
        const verdict = judgeHealth({ lockPid: readLockOwner(dbPath)?.pid ?? null, report });
        if (opts.json) io.out(JSON.stringify({ ...verdict, services: report?.services ?? [] }));
        else io.out(verdict.reason);
        if (!verdict.healthy) process.exitCode = 1;
      }),
    );
}
