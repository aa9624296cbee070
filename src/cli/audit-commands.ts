/** `tux audit …`: check the hash chain and read the audit trail from the machine the appliance runs on. */
import fs from 'node:fs';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { jsonForTerminal, sanitizeForTerminal } from '#admin/sanitize.ts';
import { createAuditTrail } from '#core/audit/index.ts';
import type { AuditRow } from '#core/audit/types.ts';
import { resolveConfigPaths, secretValues } from '#core/config/index.ts';
import type { ConfigStore } from '#core/config/types.ts';
import type { OpenedDb } from '#core/db/index.ts';
import { type CliDeps, cliIo, dataFiles, openDataDbReadonly, runGuarded } from './cli-deps.ts';

function parseLimit(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 10_000)
    throw new InvalidArgumentError('give a whole number from 1 to 10000.');
  return n;
}

function formatRow(r: AuditRow): string {
  const details = JSON.stringify(r.details);
  const shown = details === '{}' ? '' : ` ${details.length > 160 ? `${details.slice(0, 159)}…` : details}`;
  return sanitizeForTerminal(
    `#${r.id} ${new Date(r.time).toISOString()} ${r.outcome.padEnd(6)} ${r.actor} ${r.action}${r.target ? ` ${r.target}` : ''}${shown}`,
  );
}

/** Opens the database read-only for the audit commands, or explains why it cannot. */
async function openForAudit(deps: CliDeps): Promise<{ db: OpenedDb; store: ConfigStore } | undefined> {
  const io = cliIo(deps);
  const { store, dbPath, backupsDir } = await dataFiles(deps);
  if (!fs.existsSync(dbPath)) {
    io.fail(`There is no database at ${dbPath} yet, so no audit trail. \`tux start\` creates it.`);
    return undefined;
  }
  const db = await openDataDbReadonly({ store, dbPath, backupsDir });
  if (!db.sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'`).get()) {
    db.close();
    io.fail(`${dbPath} has no audit trail yet; run \`tux db migrate\` or start Tux once.`);
    return undefined;
  }
  return { db, store };
}

async function withAudit(
  deps: CliDeps,
  body: (audit: ReturnType<typeof createAuditTrail>) => void | Promise<void>,
): Promise<void> {
  await runGuarded(deps, async () => {
    const opened = await openForAudit(deps);
    if (!opened) return;
    const { db, store } = opened;
    try {
      const keysDir = resolveConfigPaths(store).keys;
      await body(createAuditTrail({ db, keysDir, secrets: () => secretValues(store.current()) }));
    } finally {
      db.close();
    }
  });
}

export function registerAuditCommands(program: Command, deps: CliDeps): void {
  const io = cliIo(deps);
  const audit = program.command('audit').description('verify and read the audit trail');

  audit
    .command('verify')
    .description('check the hash chain; exits 1 and names the first broken row if anything was altered')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      withAudit(deps, (trail) => {
        const r = trail.verify();
        if (opts.json) io.out(jsonForTerminal(r));
        else if (r.ok && r.anchored)
          io.out(`ok: ${r.rows} rows, ${r.keyedRows} keyed; the end matches the head record (row ${r.head?.id})`);
        else if (r.ok)
          io.out(`ok: ${r.rows} rows (from before the audit key existed: not anchored until the next audited action)`);
        else io.out(`broken at row ${r.firstBroken?.id}: ${r.firstBroken?.reason} (${r.rows} rows checked)`);
        if (!r.ok) process.exitCode = 1;
      }),
    );

  audit
    .command('list')
    .description('show audit rows, newest first')
    .option('--limit <n>', 'rows to show (1-10000)', parseLimit, 50)
    .option('--action <prefix>', 'only actions starting with this, e.g. "ssh." or "config.set"')
    .option('--actor <actor>', 'only this actor, e.g. "cli:root"')
    .option('--json', 'print a JSON array')
    .action((opts: { limit: number; action?: string; actor?: string; json?: boolean }) =>
      withAudit(deps, (trail) => {
        const rows = trail.query({
          limit: opts.limit,
          ...(opts.action ? { action: opts.action } : {}),
          ...(opts.actor ? { actor: opts.actor } : {}),
        });
        if (opts.json) io.out(jsonForTerminal(rows));
        else if (rows.length === 0) io.out('(no audit rows match)');
        else for (const r of rows) io.out(formatRow(r));
      }),
    );
}
