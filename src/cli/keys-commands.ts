/**
 * `tux keys add|list|remove`: manage who may log in to the SSH console, from the machine the appliance runs on.
 * The running console re-reads authorized_keys on each login, so changes apply without a restart.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { pino } from 'pino';
import { cliActor } from '#admin/actor.ts';
import type { AdminContext } from '#admin/admin-context.ts';
import { AdminError } from '#admin/admin-errors.ts';
import { table } from '#admin/format-text.ts';
import { DEFAULT_ROLE, isRole } from '#admin/roles.ts';
import { runAdminOp } from '#admin/run-op.ts';
import { jsonForTerminal } from '#admin/sanitize.ts';
import { createAuditTrail } from '#core/audit/index.ts';
import type { AuditTrail } from '#core/audit/types.ts';
import { resolveConfigPaths, secretValues } from '#core/config/index.ts';
import { openDb } from '#core/db/index.ts';
import { type CliDeps, cliIo, runGuarded } from './cli-deps.ts';

function unixUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return String(process.getuid?.() ?? 'unknown');
  }
}

/**
 * The keys operations need only the keys directory and the audit trail, so they run without the appliance. The
 * audit row goes into the appliance's database when it exists (SQLite serialises the writers; the chain stays
 * intact), and the command works before the first start too.
 */
async function withKeysContext<T>(deps: CliDeps, body: (ctx: AdminContext) => Promise<T>): Promise<T> {
  const store = await deps.loadConfig();
  const paths = resolveConfigPaths(store);
  const log = pino({ level: 'silent' });
  const dbPath = path.join(paths.data, 'tux.db');
  let close = () => {};
  let audit: AuditTrail | null = null;
  if (fs.existsSync(dbPath)) {
    const db = await openDb({
      path: dbPath,
      backupsDir: path.join(paths.data, 'backups'),
      busyTimeoutMs: store.current().db.busy_timeout_ms,
      migrate: false,
      log,
    });
    close = () => db.close();
    audit = createAuditTrail({ db, keysDir: paths.keys, secrets: () => secretValues(store.current()) });
  }
  const noAudit: Pick<AuditTrail, 'record'> = {
    record: () => {
      throw new Error('no database yet');
    },
  };
  // Only what the keys operations use; the other kernel parts do not exist outside the running appliance.
  const ctx = { paths, log, config: store, audit: audit ?? noAudit } as unknown as AdminContext;
  try {
    return await body(ctx);
  } finally {
    close();
  }
}

function readKeyArg(arg: string): string {
  if (/^(ssh-|ecdsa-|sk-)/.test(arg.trim())) return arg;
  try {
    return fs.readFileSync(arg, 'utf8').trim();
  } catch (err) {
    throw new AdminError(
      'invalid-input',
      `"${arg}" is neither a public key nor a readable file (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
}

async function runKeysOp(deps: CliDeps, body: (ctx: AdminContext) => Promise<void>): Promise<void> {
  const io = cliIo(deps);
  await runGuarded(deps, async () => {
    try {
      await withKeysContext(deps, body);
    } catch (err) {
      if (err instanceof AdminError) return io.fail(err.message);
      throw err;
    }
  });
}

export function registerKeysCommands(program: Command, deps: CliDeps): void {
  const io = cliIo(deps);
  const actor = cliActor(unixUser());
  const keys = program.command('keys').description('manage the public keys allowed into the SSH console');

  keys
    .command('add')
    .description('authorize a public key (a .pub file or the key text) with a role')
    .argument('<key>', 'path to a .pub file, or the key itself in quotes')
    .option('--role <role>', 'viewer (read only), operator (restart, modules) or admin (everything)', DEFAULT_ROLE)
    .option('--label <text>', 'comment shown in the console (default: the key comment)')
    .action((arg: string, opts: { role: string; label?: string }) =>
      runKeysOp(deps, async (ctx) => {
        if (!isRole(opts.role)) throw new AdminError('invalid-input', `--role must be viewer, operator or admin`);
        const key = readKeyArg(arg);
        const r = await runAdminOp(
          ctx,
          'keys.add',
          { key, role: opts.role, ...(opts.label ? { label: opts.label } : {}) },
          actor,
        );
        io.out(`added ${r.fingerprint} (${r.type}) as ${r.role}${r.label ? `: ${r.label}` : ''}`);
      }),
    );

  keys
    .command('list')
    .description('show the authorized keys with their roles')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      runKeysOp(deps, async (ctx) => {
        const r = await runAdminOp(ctx, 'keys.list', {}, actor);
        if (opts.json) return io.out(jsonForTerminal(r));
        if (r.refused) io.err(`warning: ${r.refused}`);
        for (const p of r.problems) io.err(`warning: ${r.file} line ${p.line}: ${p.message}`);
        if (r.keys.length === 0)
          return io.out(`no keys in ${r.file}; add one with: tux keys add ~/.ssh/id_ed25519.pub --role admin`);
        io.out(
          table(
            ['FINGERPRINT', 'ROLE', 'COMMENT'],
            r.keys.map((k) => [k.fingerprint, k.role, k.label]),
          ).trimEnd(),
        );
      }),
    );

  keys
    .command('remove')
    .description('remove a key by fingerprint (SHA256:…) or by its comment')
    .argument('<key>', 'fingerprint or comment')
    .action((sel: string) =>
      runKeysOp(deps, async (ctx) => {
        const r = await runAdminOp(ctx, 'keys.remove', { key: sel }, actor);
        io.out(`removed ${r.fingerprint} (${r.role})${r.label ? `: ${r.label}` : ''}`);
      }),
    );
}
