/** Plain-text renderings of admin results, shared by SSH exec commands and the local CLI. */
import type { AuditRow } from '#core/audit/types.ts';
import type { LogEntry } from '#core/log/types.ts';
import type { ModuleState } from '#core/modules/types.ts';
import type { ServiceState } from '#core/services/types.ts';
import type { AdminOpResult } from './admin-ops.ts';
import { sanitizeForTerminal as clean } from './sanitize.ts';
import type { SessionInfo } from './session-registry.ts';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

export function formatUptime(sec: number): string {
  const d = Math.floor(sec / 86400);
  const h = Math.floor((sec % 86400) / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = sec % 60;
  if (d) return `${d}d ${h}h`;
  if (h) return `${h}h ${m}m`;
  if (m) return `${m}m ${s}s`;
  return `${s}s`;
}

export function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

/** Left-aligned columns; cells are sanitised. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map((c) => clean(String(c))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[line(headers), ...cells.map(line)].join('\n')}\n`;
}

export function formatLogEntry(e: LogEntry): string {
  const t = new Date(e.time).toISOString().slice(11, 23);
  const fields = Object.keys(e.fields).length ? ` ${clean(JSON.stringify(e.fields))}` : '';
  return `${t} ${e.level.toUpperCase().padEnd(5)} ${clean(e.module)}: ${clean(e.msg)}${fields}`;
}

/** "ssh:SHA256:AbCdEf…" → "ssh:AbCdEf12"; other actors ("cli:root", "discord:123…", "system") as they are. */
export function shortActor(actor: string): string {
  const ssh = /^ssh:SHA256:([A-Za-z0-9+/]{8})/.exec(actor);
  if (ssh) return `ssh:${ssh[1]}`;
  if (actor === 'anonymous') return 'anon';
  return actor.length > 24 ? `${actor.slice(0, 23)}…` : actor;
}

/**
 * One audit row on one line, what matters first so it survives an 80-column terminal: time, action, target, the
 * outcome when it is not ok, a short actor, then the details.
 */
export function formatAuditRow(r: AuditRow): string {
  const details = Object.keys(r.details).length ? ` ${JSON.stringify(r.details)}` : '';
  const time = formatTime(r.time).slice(5, 16);
  const outcome = r.outcome === 'ok' ? '' : ` ${r.outcome.toUpperCase()}`;
  return clean(`${time} ${r.action}${r.target ? ` ${r.target}` : ''}${outcome} · ${shortActor(r.actor)}${details}`);
}

export function formatServices(list: ServiceState[]): string {
  return table(
    ['SERVICE', 'STATUS', 'DETAIL'],
    list.map((s) => [s.name, s.health.status, s.error ? `${s.health.detail} (${s.error})` : s.health.detail]),
  );
}

export function formatModules(list: ModuleState[]): string {
  return table(
    ['MODULE', 'STATUS', 'SOURCE', 'GUILD OVERRIDES', 'DESCRIPTION'],
    list.map((m) => [
      m.name + (m.required ? '*' : ''),
      m.status,
      m.version ? `${m.source} ${m.version}` : m.source,
      m.guildOverrides.map((g) => `${g.guildId}:${g.enabled ? 'on' : 'off'}`).join(' ') || '-',
      m.error ? `error: ${m.error}` : m.description,
    ]),
  );
}

export function formatSessions(list: SessionInfo[]): string {
  return table(
    ['ID', 'ROLE', 'KIND', 'KEY', 'FROM', 'SINCE'],
    list.map((s) => [
      s.id,
      s.role,
      s.kind === 'exec' ? `exec ${s.command ?? ''}` : s.kind,
      s.label ? `${s.label} (${s.fingerprint})` : s.fingerprint,
      s.address,
      formatTime(s.startedAt),
    ]),
  );
}

export function formatStatus(s: AdminOpResult<'status'>): string {
  const bot = s.bot
    ? `${s.bot.state}${s.bot.user ? ` as ${s.bot.user}` : ''}, ping ${s.bot.ping === null ? '—' : `${s.bot.ping} ms`}, ${s.bot.guilds} guilds, ${s.bot.reconnects} reconnects`
    : (s.botNote ?? 'not connected');
  const lines = [
    `Tux ${s.version}  up ${formatUptime(s.uptimeSec)}  pid ${s.pid}`,
    `bot       ${clean(bot)}`,
    `memory    rss ${formatBytes(s.memory.rss)}, heap ${formatBytes(s.memory.heapUsed)} / ${formatBytes(s.memory.heapTotal)}`,
    `database  ${formatBytes(s.db.bytes)}  ${s.db.path}`,
    `modules   ${s.modules.enabled} enabled, ${s.modules.disabled} disabled, ${s.modules.failed} failed`,
    `sessions  ${s.sessions}`,
    `services  ${s.services.map((x) => `${x.name}=${x.health.status}`).join(' ')}`,
  ];
  return `${lines.map((l) => clean(l)).join('\n')}\n`;
}
