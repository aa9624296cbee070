/** `tux db …`: inspect, migrate, back up and restore the appliance's SQLite file from the machine it runs on. */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { pino } from 'pino';
import { jsonForTerminal } from '#admin/sanitize.ts';
import { reanchorAuditHead } from '#core/audit/index.ts';
import { resolveConfigPaths } from '#core/config/index.ts';
import {
  cancelStagedRestore,
  describeDb,
  fileTimestamp,
  openDb,
  readLockOwner,
  readStagedRestore,
  restoreDb,
} from '#core/db/index.ts';
import { type CliDeps, cliIo, dataFiles, openDataDbReadonly, runGuarded } from './cli-deps.ts';
import { formatBytes } from './format-bytes.ts';

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function registerDbCommands(program: Command, deps: CliDeps): void {
  const io = cliIo(deps);
  const db = program.command('db').description('inspect, migrate, back up and restore the database');

  db.command('status')
    .description('show the database file, size, schema version, migrations and a quick integrity check')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      runGuarded(deps, async () => {
        const { store, dbPath, backupsDir } = await dataFiles(deps);
        if (!fs.existsSync(dbPath)) {
          if (opts.json) io.out(jsonForTerminal({ file: dbPath, exists: false }));
          else io.out(`No database yet at ${dbPath}. \`tux start\` or \`tux db migrate\` creates it.`);
          return;
        }
        const handle = await openDataDbReadonly({ store, dbPath, backupsDir });
        try {
          const s = describeDb(handle);
          if (opts.json) io.out(jsonForTerminal({ exists: true, ...s }));
          else {
            io.out(`file:       ${s.file}`);
            io.out(`size:       ${formatBytes(s.bytes)} (+ ${formatBytes(s.walBytes)} WAL), ${s.pageCount} pages`);
            io.out(`schema:     ${s.version ?? 'empty'}`);
            io.out(`applied:    ${s.applied.length} migration(s)`);
            io.out(`pending:    ${s.pending.length > 0 ? s.pending.join(', ') : 'none'}`);
            if (s.unknown > 0) io.out(`unknown:    ${s.unknown} migration(s) from a newer Tux`);
            io.out(`integrity:  ${s.quickCheck}`);
            io.out(`appliance:  ${s.runningPid ? `running (pid ${s.runningPid})` : 'stopped'}`);
            const staged = readStagedRestore(path.dirname(dbPath));
            if (staged) io.out(`restore:    ${staged.file} is staged for the next start`);
          }
          if (s.quickCheck !== 'ok')
            io.fail(`integrity check failed for ${s.file}; restore a backup with \`tux db restore\`.`);
        } finally {
          handle.close();
        }
      }),
    );

  db.command('migrate')
    .description('apply pending migrations (the file is backed up first); the appliance does this at start')
    .action(() =>
      runGuarded(deps, async () => {
        const { store, dbPath, backupsDir } = await dataFiles(deps);
        const cfg = store.current().db;
        const handle = await openDb({
          path: dbPath,
          backupsDir,
          backupsKept: cfg.backups_kept,
          busyTimeoutMs: cfg.busy_timeout_ms,
          synchronous: cfg.synchronous,
          exclusive: true,
          log: pino({ level: 'silent' }),
        });
        try {
          if (handle.appliedAtOpen.length === 0) {
            io.out(`Up to date (${handle.migrations.version ?? 'empty'}): ${dbPath}`);
            return;
          }
          io.out(
            `Applied ${handle.appliedAtOpen.length} migration(s) to ${dbPath}: ${handle.appliedAtOpen.join(', ')}`,
          );
          if (handle.preMigrationBackup) io.out(`Backup from before: ${handle.preMigrationBackup}`);
        } finally {
          handle.close();
        }
      }),
    );

  db.command('backup')
    .description('copy the database (safe while Tux runs); default <data>/backups/tux-<timestamp>.db')
    .argument('[path]', 'destination file')
    .action((dest: string | undefined) =>
      runGuarded(deps, async () => {
        const { store, dbPath, backupsDir } = await dataFiles(deps);
        if (!fs.existsSync(dbPath)) {
          io.fail(`There is no database at ${dbPath} to back up.`);
          return;
        }
        const target = path.resolve(dest ?? path.join(backupsDir, `tux-${fileTimestamp()}.db`));
        if (fs.existsSync(target)) {
          io.fail(`${target} already exists; choose another path (backups never overwrite a file).`);
          return;
        }
        const handle = await openDataDbReadonly({ store, dbPath, backupsDir });
        try {
          const bytes = await handle.backup(target);
          io.out(`${target} (${formatBytes(bytes)}, ${bytes} bytes)`);
        } catch (err) {
          io.fail(`Backup to ${target} failed: ${messageOf(err)}`);
        } finally {
          handle.close();
        }
      }),
    );

  db.command('restore')
    .description('replace the database with a backup; only while Tux is stopped (the current file is backed up first)')
    .argument('<file>', 'a backup made by `tux db backup` or a pre-migrate/pre-restore copy')
    .action((file: string) =>
      runGuarded(deps, async () => {
        const { store, dbPath, backupsDir } = await dataFiles(deps);
        const owner = readLockOwner(dbPath);
        if (owner) {
          io.fail(`Tux is running (pid ${owner.pid}) on ${dbPath}. Stop it, then run the restore again.`);
          return;
        }
        const r = await restoreDb({ dbPath, source: file, backupsDir });
        io.out(`Restored ${dbPath} from ${path.resolve(file)} (${formatBytes(r.bytes)}).`);
        if (r.previous) io.out(`The database it replaced is saved at ${r.previous}.`);
        if (r.pending.length > 0) io.out(`${r.pending.length} migration(s) will be applied at the next start.`);
        // The restore asked for here wins over one staged earlier from the console.
        if (cancelStagedRestore(path.dirname(dbPath))) io.out('A restore staged from the console was dropped.');
        // The audit head record named the end of the replaced database; it now names the end of this one.
        const handle = await openDataDbReadonly({ store, dbPath, backupsDir });
        try {
          const head = reanchorAuditHead(handle, resolveConfigPaths(store).keys);
          io.out(`The audit trail's head record now names row ${head.id} of the restored database.`);
        } finally {
          handle.close();
        }
      }),
    );
}
