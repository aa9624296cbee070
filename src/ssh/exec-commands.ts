/**
 * `ssh tux@host <command>`: a plain-text CLI over the admin operations, with exit codes (0 ok, 1 failed, 2 usage,
 * 126 forbidden for the key's role, 127 unknown command) and `--json` on every command.
 */
import path from 'node:path';
import type { Actor } from '#admin/actor.ts';
import type { AdminContext } from '#admin/admin-context.ts';
import { AdminError, errorMessage } from '#admin/admin-errors.ts';
import {
  formatAuditRow,
  formatLogEntry,
  formatModules,
  formatServices,
  formatSessions,
  formatStatus,
  formatTime,
  table,
} from '#admin/format-text.ts';
import type { LogFollow } from '#admin/ops/logs-ops.ts';
import { DEFAULT_ROLE } from '#admin/roles.ts';
import { runAdminOp } from '#admin/run-op.ts';
import { sanitizeForTerminal as clean, jsonForTerminal } from '#admin/sanitize.ts';
import { parseDuration } from '#core/time/duration.ts';

export const EXIT = { ok: 0, failed: 1, usage: 2, forbidden: 126, unknown: 127 } as const;

export interface ExecIO {
  out(text: string): void;
  err(text: string): void;
  /** Aborted when the client goes away; long-running commands (logs --follow) end then. */
  signal: AbortSignal;
}

class UsageError extends Error {}

const AUDIT_OUTCOMES: readonly string[] = ['ok', 'denied', 'failed', 'error'];

/** A case as the cases module's admin operations return it (the console knows no module's types). */
interface CaseView {
  guildId: string;
  number: number;
  type: string;
  active: boolean;
  userId: string;
  moderatorId: string;
  reason: string;
  createdAt: number;
  expiresAt: number | null;
}

/** Splits a command line like a shell would for simple quoting ('...', "...", backslash). */
export function splitCommandLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: '"' | "'" | null = null;
  let has = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) cur += line[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      has = true;
    } else if (c === '\\' && i + 1 < line.length) {
      cur += line[++i];
      has = true;
    } else if (/\s/.test(c)) {
      if (has || cur) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
    }
  }
  if (quote) throw new UsageError('unterminated quote');
  if (has || cur) out.push(cur);
  return out;
}

interface Parsed {
  args: string[];
  flags: Map<string, string | true>;
}

const VALUE_FLAGS = new Set([
  'level',
  'module',
  'text',
  'limit',
  'guild',
  'since',
  'actor',
  'action',
  'outcome',
  'expected-version',
  'role',
  'label',
  'user',
  'type',
]);
const BOOL_FLAGS = new Set(['json', 'follow', 'help']);

function parseArgs(argv: string[]): Parsed {
  const args: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '-f') flags.set('follow', true);
    else if (a === '-h') flags.set('help', true);
    else if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      if (BOOL_FLAGS.has(name)) flags.set(name, true);
      else if (VALUE_FLAGS.has(name)) {
        const v = inline ?? argv[++i];
        if (v === undefined) throw new UsageError(`--${name} needs a value`);
        flags.set(name, v);
      } else throw new UsageError(`unknown option --${name}`);
    } else args.push(a);
  }
  return { args, flags };
}

function flag(p: Parsed, name: string): string | undefined {
  const v = p.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

function intFlag(p: Parsed, name: string): number | undefined {
  const v = flag(p, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a whole number`);
  return Number(v);
}

interface Command {
  usage: string;
  summary: string;
  run(ctx: AdminContext, actor: Actor, p: Parsed, io: ExecIO): Promise<{ json: unknown; text: string } | 'streamed'>;
}

const commands: Record<string, Command> = {
  status: {
    usage: 'status',
    summary: 'bot, services, memory, database',
    async run(ctx, actor) {
      const s = await runAdminOp(ctx, 'status', {}, actor);
      return { json: s, text: formatStatus(s) };
    },
  },
  services: {
    usage: 'services [restart|start|stop NAME]',
    summary: 'list services, or restart/start/stop one',
    async run(ctx, actor, p) {
      const [verb, name] = p.args;
      if (!verb || verb === 'list') {
        const list = await runAdminOp(ctx, 'services.list', {}, actor);
        return { json: list, text: formatServices(list) };
      }
      if (verb !== 'restart' && verb !== 'start' && verb !== 'stop') throw new UsageError(`unknown action "${verb}"`);
      if (!name) throw new UsageError(`services ${verb} needs a service name`);
      const state = await runAdminOp(ctx, `services.${verb}`, { name }, actor);
      return { json: state, text: `${name}: ${state.health.status}${state.error ? ` (${state.error})` : ''}\n` };
    },
  },
  modules: {
    usage: 'modules [enable|disable NAME [--guild ID]]',
    summary: 'list modules, or switch one on/off globally or for a guild',
    async run(ctx, actor, p) {
      const [verb, name] = p.args;
      if (!verb || verb === 'list') {
        const list = await runAdminOp(ctx, 'modules.list', {}, actor);
        return { json: list, text: formatModules(list) };
      }
      if (verb !== 'enable' && verb !== 'disable') throw new UsageError(`unknown action "${verb}"`);
      if (!name) throw new UsageError(`modules ${verb} needs a module name`);
      const guildId = flag(p, 'guild');
      const state = await runAdminOp(ctx, `modules.${verb}`, { name, ...(guildId ? { guildId } : {}) }, actor);
      const where = guildId ? ` in guild ${guildId}` : '';
      return { json: state, text: `${name}: ${verb}d${where} (now ${state.status})\n` };
    },
  },
  settings: {
    usage: 'settings [list [MODULE]] | get MODULE GUILD | set MODULE GUILD KEY VALUE | reset MODULE GUILD [KEY]',
    summary: "a guild's module and plugin settings (secrets masked; set and reset: operator)",
    async run(ctx, actor, p) {
      const [verb, module, guildId, key, ...rest] = p.args;
      if (!verb || verb === 'list') {
        const r = await runAdminOp(ctx, 'settings.list', module ? { module } : {}, actor);
        const rows = r.flatMap((m) =>
          m.settings.map((s) => [
            m.module,
            s.key + (s.secret ? ' (secret)' : ''),
            jsonForTerminal(s.default),
            clean(s.description || s.expected),
          ]),
        );
        return { json: r, text: table(['MODULE', 'KEY', 'DEFAULT', 'WHAT'], rows) };
      }
      if (verb !== 'get' && verb !== 'set' && verb !== 'reset') throw new UsageError(`unknown action "${verb}"`);
      if (!module || !guildId) throw new UsageError(`settings ${verb} needs a module and a guild id`);
      if (verb === 'get') {
        const r = await runAdminOp(ctx, 'settings.get', { module, guildId }, actor);
        const rows = Object.entries(r.values).map(([k, v]) => [
          k,
          jsonForTerminal(v),
          r.changed.includes(k) ? 'changed' : 'default',
        ]);
        return { json: r, text: table(['KEY', 'VALUE', ''], rows) };
      }
      if (verb === 'set') {
        if (!key || rest.length === 0)
          throw new UsageError('settings set needs a module, a guild id, a key and a value');
        const r = await runAdminOp(ctx, 'settings.set', { module, guildId, key, value: rest.join(' ') }, actor);
        return { json: r, text: `${clean(module)}.${clean(key)} = ${jsonForTerminal(r.value)} in guild ${guildId}\n` };
      }
      const r = await runAdminOp(ctx, 'settings.reset', { module, guildId, ...(key ? { key } : {}) }, actor);
      return { json: r, text: `${clean(module)}.${key ? clean(key) : '*'}: back to the default in guild ${guildId}\n` };
    },
  },
  config: {
    usage: 'config get [KEY] | set KEY VALUE [--expected-version N] | check [KEY VALUE]',
    summary: 'read, change or validate configuration (secrets masked)',
    async run(ctx, actor, p) {
      const [verb, key, ...rest] = p.args;
      if (!verb || verb === 'get') {
        const r = await runAdminOp(ctx, 'config.get', key ? { key } : {}, actor);
        if (key && r.keys[0]) return { json: r.keys[0], text: `${jsonForTerminal(r.keys[0].value)}\n` };
        const rows = r.keys.map((k) => [
          k.key,
          jsonForTerminal(k.value),
          k.apply + (k.overriddenByEnv ? ' (env)' : ''),
        ]);
        return { json: r, text: `# ${r.path} (version ${r.version})\n${table(['KEY', 'VALUE', 'APPLY'], rows)}` };
      }
      if (verb === 'set') {
        if (!key || rest.length === 0) throw new UsageError('config set needs a key and a value');
        const ev = intFlag(p, 'expected-version');
        const r = await runAdminOp(
          ctx,
          'config.set',
          { key, value: rest.join(' '), ...(ev !== undefined ? { expectedVersion: ev } : {}) },
          actor,
        );
        if (r.envVariable) {
          return {
            json: r,
            text: `${key}: saved to the file, but ${r.envVariable} is set in the environment and overrides it: the running value is unchanged (unset ${r.envVariable} and restart to use the file)\n`,
          };
        }
        const note =
          r.changes.length === 0 ? 'unchanged' : r.restartRequired ? 'saved; restart required' : 'saved; applied';
        return { json: r, text: `${key}: ${note}\n` };
      }
      if (verb === 'check') {
        if (!key) {
          const r = await runAdminOp(ctx, 'config.get', {}, actor);
          return { json: { ok: true, path: r.path, version: r.version }, text: `${r.path}: valid\n` };
        }
        if (rest.length === 0) throw new UsageError('config check needs a key and a value');
        const r = await runAdminOp(ctx, 'config.validate', { key, value: rest.join(' ') }, actor);
        if (!r.ok) throw new AdminError('invalid-input', r.error);
        return { json: r, text: `${key}: valid (${r.apply === 'hot' ? 'applies at once' : 'restart required'})\n` };
      }
      throw new UsageError(`unknown action "${verb}"`);
    },
  },
  logs: {
    usage: 'logs [--follow] [--level L] [--module M] [--text T] [--limit N]',
    summary: 'recent log lines; --follow keeps printing new ones',
    async run(ctx, actor, p, io) {
      const level = flag(p, 'level');
      const module = flag(p, 'module');
      const text = flag(p, 'text');
      const input = {
        ...(level ? { level } : {}),
        ...(module ? { module } : {}),
        ...(text ? { text } : {}),
        limit: intFlag(p, 'limit') ?? 100,
      };
      const json = p.flags.has('json');
      const line = (e: Parameters<typeof formatLogEntry>[0]) => (json ? jsonForTerminal(e) : formatLogEntry(e));
      if (!p.flags.has('follow')) {
        const entries = await runAdminOp(ctx, 'logs.tail', input, actor);
        return { json: entries, text: entries.map((e) => `${line(e)}\n`).join('') };
      }
      const f: LogFollow = await runAdminOp(ctx, 'logs.follow', input, actor);
      for (const e of f.recent) io.out(`${line(e)}\n`);
      await new Promise<void>((resolve) => {
        const sub = f.follow(
          (entries) => io.out(entries.map((e) => `${line(e)}\n`).join('')),
          (n) => io.out(json ? `${jsonForTerminal({ dropped: n })}\n` : `... ${n} lines dropped (output too slow)\n`),
        );
        const stop = () => {
          sub.close();
          resolve();
        };
        if (io.signal.aborted) stop();
        else io.signal.addEventListener('abort', stop, { once: true });
      });
      return 'streamed';
    },
  },
  audit: {
    usage: 'audit [--since 1h] [--actor A] [--action PREFIX] [--outcome O] [--text T] [--limit N]',
    summary: 'the audit trail, newest first',
    async run(ctx, actor, p) {
      const input: Record<string, unknown> = { limit: intFlag(p, 'limit') ?? 50 };
      // Bad flag values are usage errors (exit 2), like a bad --limit.
      const since = flag(p, 'since');
      if (since !== undefined) {
        try {
          parseDuration(since);
        } catch (err) {
          throw new UsageError(`--since: ${errorMessage(err)} (e.g. --since 1h, --since 2d)`);
        }
      }
      const outcome = flag(p, 'outcome');
      if (outcome !== undefined && !AUDIT_OUTCOMES.includes(outcome)) {
        throw new UsageError(`--outcome must be one of ${AUDIT_OUTCOMES.join(', ')}`);
      }
      for (const k of ['since', 'actor', 'action', 'outcome', 'text']) {
        const v = flag(p, k);
        if (v !== undefined) input[k] = v;
      }
      const rows = await runAdminOp(ctx, 'audit.query', input, actor);
      return { json: rows, text: rows.map((r) => `${formatAuditRow(r)}\n`).join('') };
    },
  },
  sessions: {
    usage: 'sessions [kick ID]',
    summary: 'who is connected; admins can end a session',
    async run(ctx, actor, p) {
      const [verb, id] = p.args;
      if (!verb || verb === 'list') {
        const list = await runAdminOp(ctx, 'sessions.list', {}, actor);
        return { json: list, text: formatSessions(list) };
      }
      if (verb !== 'kick') throw new UsageError(`unknown action "${verb}"`);
      if (!id) throw new UsageError('sessions kick needs a session id');
      const r = await runAdminOp(ctx, 'sessions.kick', { id }, actor);
      return { json: r, text: `session ${id} ended\n` };
    },
  },
  keys: {
    usage: 'keys [add "KEY" [--role R] | remove FINGERPRINT|COMMENT]',
    summary: 'authorized console keys (admin)',
    async run(ctx, actor, p) {
      const [verb, ...rest] = p.args;
      if (!verb || verb === 'list') {
        const r = await runAdminOp(ctx, 'keys.list', {}, actor);
        const problems = r.problems.map((x) => `line ${x.line}: ${x.message}\n`).join('');
        const text =
          (r.refused ? `REFUSED: ${r.refused}\n` : '') +
          table(
            ['FINGERPRINT', 'ROLE', 'COMMENT'],
            r.keys.map((k) => [k.fingerprint, k.role, k.label]),
          ) +
          problems;
        return { json: r, text };
      }
      if (verb === 'add') {
        const role = flag(p, 'role') ?? DEFAULT_ROLE;
        if (!rest.length)
          throw new UsageError('keys add needs a key (and --role viewer|operator|admin; default viewer)');
        const label = flag(p, 'label');
        const r = await runAdminOp(ctx, 'keys.add', { key: rest.join(' '), role, ...(label ? { label } : {}) }, actor);
        return { json: r, text: `added ${r.fingerprint} as ${r.role}\n` };
      }
      if (verb === 'remove') {
        if (!rest.length) throw new UsageError('keys remove needs a fingerprint or comment');
        const r = await runAdminOp(ctx, 'keys.remove', { key: rest.join(' ') }, actor);
        return { json: r, text: `removed ${r.fingerprint}\n` };
      }
      throw new UsageError(`unknown action "${verb}"`);
    },
  },
  cases: {
    usage: 'cases [--guild ID] [--user ID] [--type T] [--limit N] | cases view NUMBER --guild ID',
    summary: 'moderation cases, newest first',
    async run(ctx, actor, p) {
      const [verb, num] = p.args;
      const guildId = flag(p, 'guild');
      if (verb === 'view') {
        if (!num || !/^\d+$/.test(num) || !guildId)
          throw new UsageError('cases view needs a case number and --guild ID');
        const c = (await runAdminOp(ctx, 'cases.view', { guildId, number: Number(num) }, actor)) as CaseView;
        const text = [
          `#${c.number} ${c.type}${c.active ? '' : ' (inactive)'}  ${formatTime(c.createdAt)}`,
          `user ${c.userId}  moderator ${c.moderatorId}`,
          `reason: ${c.reason}`,
          ...(c.expiresAt ? [`expires ${formatTime(c.expiresAt)}`] : []),
        ]
          .map((l) => clean(l))
          .join('\n');
        return { json: c, text: `${text}\n` };
      }
      if (verb) throw new UsageError(`unknown action "${verb}"`);
      const user = flag(p, 'user');
      const type = flag(p, 'type');
      const rows = (await runAdminOp(
        ctx,
        'cases.list',
        {
          limit: intFlag(p, 'limit') ?? 50,
          ...(guildId ? { guildId } : {}),
          ...(user ? { userId: user } : {}),
          ...(type ? { type } : {}),
        },
        actor,
      )) as CaseView[];
      const text = table(
        ['GUILD', '#', 'TYPE', 'USER', 'MODERATOR', 'WHEN', 'REASON'],
        rows.map((c) => [
          c.guildId,
          c.number,
          c.type + (c.active ? '' : '*'),
          c.userId,
          c.moderatorId,
          formatTime(c.createdAt),
          c.reason,
        ]),
      );
      return { json: rows, text };
    },
  },
  guilds: {
    usage: 'guilds',
    summary: 'guilds the bot is in',
    async run(ctx, actor) {
      const r = await runAdminOp(ctx, 'guilds.list', {}, actor);
      const text = r.connected
        ? table(
            ['ID', 'NAME', 'MEMBERS'],
            r.guilds.map((g) => [g.id, g.name, g.members]),
          )
        : 'the bot is not connected\n';
      return { json: r, text };
    },
  },
  backup: {
    usage: 'backup [list | restore FILE | unstage]',
    summary: 'back the database up now, list backups, or stage one to restore at the next start (admin)',
    async run(ctx, actor, p) {
      const [verb, file] = p.args;
      if (!verb) {
        const r = await runAdminOp(ctx, 'db.backup', {}, actor);
        return { json: r, text: `backed up ${r.bytes} bytes to ${r.file}\n` };
      }
      if (verb === 'list') {
        const r = await runAdminOp(ctx, 'db.backups', {}, actor);
        const rows = r.backups.map((b) => [b.name, b.bytes, formatTime(b.mtimeMs), path.dirname(b.file)]);
        const staged = r.staged ? `staged for the next start: ${r.staged.file}\n` : '';
        return { json: r, text: table(['NAME', 'BYTES', 'WHEN', 'FOLDER'], rows) + staged };
      }
      if (verb === 'restore') {
        if (!file) throw new UsageError('backup restore needs a backup name or path (see: backup list)');
        const r = await runAdminOp(ctx, 'db.restore', { file }, actor);
        const text = r.cancelled
          ? 'cancelled\n'
          : `staged ${r.source}; restart Tux to restore it (the current database is saved first)\n`;
        return { json: r, text };
      }
      if (verb === 'unstage') {
        const r = await runAdminOp(ctx, 'db.restore', { cancel: true }, actor);
        return { json: r, text: 'the staged restore is cancelled\n' };
      }
      throw new UsageError(`unknown action "${verb}"`);
    },
  },
};

export function execHelp(): string {
  const rows = Object.values(commands).map((c) => [c.usage, c.summary]);
  rows.push(['dashboard', 'live charts (needs ssh -t)'], ['help', 'this list']);
  return `Tux admin console. Usage: ssh tux@host COMMAND [--json]\n\n${table(['COMMAND', 'WHAT'], rows)}\nExit codes: 0 ok, 1 failed, 2 usage, 126 not allowed for your role, 127 unknown command.\n`;
}

/** Runs one exec command line; returns the exit code. Never throws. */
export async function runExecCommand(ctx: AdminContext, actor: Actor, line: string, io: ExecIO): Promise<number> {
  let json = false;
  try {
    const argv = splitCommandLine(line);
    const [name, ...rest] = argv;
    const p = parseArgs(rest);
    json = p.flags.has('json');
    if (!name || name === 'help' || name === '--help') {
      io.out(
        json ? `${jsonForTerminal({ commands: Object.keys(commands).concat('dashboard', 'help') })}\n` : execHelp(),
      );
      return EXIT.ok;
    }
    const cmd = Object.hasOwn(commands, name) ? commands[name] : undefined;
    if (!cmd) {
      const msg = `unknown command "${clean(name)}"; try: help`;
      io.err(json ? `${jsonForTerminal({ error: { code: 'unknown-command', message: msg } })}\n` : `${msg}\n`);
      return EXIT.unknown;
    }
    if (p.flags.has('help')) {
      io.out(`usage: ${cmd.usage}\n${cmd.summary}\n`);
      return EXIT.ok;
    }
    const r = await cmd.run(ctx, actor, p, io);
    if (r !== 'streamed') io.out(json ? `${jsonForTerminal(r.json)}\n` : r.text);
    return EXIT.ok;
  } catch (err) {
    const code = err instanceof UsageError ? 'usage' : err instanceof AdminError ? err.code : 'failed';
    const msg = clean(errorMessage(err));
    io.err(json ? `${jsonForTerminal({ error: { code, message: msg } })}\n` : `error: ${msg}\n`);
    if (err instanceof UsageError) return EXIT.usage;
    if (err instanceof AdminError && err.code === 'forbidden') return EXIT.forbidden;
    return EXIT.failed;
  }
}
