import { Box, Text } from 'ink';
import { formatAuditRow, formatBytes, formatLogEntry, formatUptime } from '#admin/format-text.ts';
import { sanitizeForTerminal as clean } from '#admin/sanitize.ts';
import { usePoll } from '../hooks.ts';
import type { ScreenProps } from '../screen-props.ts';

const HEALTH_COLOR: Record<string, string> = {
  ok: 'green',
  degraded: 'yellow',
  down: 'red',
  stopped: 'gray',
  starting: 'cyan',
};

/** The health detail, with the last start error when the detail does not already carry it (retrying, …). */
export function withError(svc: { error: string | null; health: { detail: string } }): string {
  return svc.error && !svc.health.detail.includes(svc.error)
    ? `${svc.health.detail} (${svc.error})`
    : svc.health.detail;
}

type ServiceRow = { name: string; health: { status: string } };

/**
 * The services that fit on the Overview: all of them when there is room; otherwise the ones that are not ok first
 * (they are what an admin looks for), then ok ones up to the room left, and one line counting the rest. At least
 * one row each stays for recent activity and recent errors.
 */
export function servicesToShow<T extends ServiceRow>(
  services: T[],
  height: number,
): { list: T[]; hiddenOk: number; rows: number } {
  const room = Math.max(2, height - 8);
  if (services.length <= room) return { list: services, hiddenOk: 0, rows: services.length };
  const notOk = services.filter((svc) => svc.health.status !== 'ok');
  const ok = services.filter((svc) => svc.health.status === 'ok');
  const okShown = ok.slice(0, Math.max(0, room - 1 - notOk.length));
  const keep = new Set<T>([...notOk, ...okShown]);
  const list = services.filter((svc) => keep.has(svc));
  const hiddenOk = ok.length - okShown.length;
  return { list, hiddenOk, rows: list.length + (hiddenOk > 0 ? 1 : 0) };
}

export function OverviewScreen({ client, height, keys }: ScreenProps) {
  const { data: s, error } = usePoll(() => client.run('status'), 1000);
  keys.current = null;
  if (!s) return <Text dimColor>{error ? `error: ${error}` : 'loading…'}</Text>;
  const bot = s.bot;
  const shown = servicesToShow(s.services, height);
  const activityRows = Math.max(1, Math.floor((height - 7 - shown.rows) / 2));
  const nameWidth = Math.max(10, ...shown.list.map((svc) => svc.name.length));
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        <Text bold>Bot </Text>
        {bot ? (
          <Text>
            <Text color={bot.state === 'ready' ? 'green' : 'yellow'}>{clean(bot.state)}</Text>
            {`  ${clean(bot.user ?? '')}  ping ${bot.ping === null ? '—' : `${bot.ping} ms`}  guilds ${bot.guilds}  reconnects ${bot.reconnects}`}
          </Text>
        ) : (
          <Text color="yellow">{s.botNote}</Text>
        )}
      </Text>
      <Text wrap="truncate">
        <Text bold>Tux </Text>
        {`${s.version}  up ${formatUptime(s.uptimeSec)}  memory ${formatBytes(s.memory.rss)} (heap ${formatBytes(s.memory.heapUsed)})  database ${formatBytes(s.db.bytes)}  sessions ${s.sessions}`}
      </Text>
      <Text wrap="truncate">
        <Text bold>Modules </Text>
        {`${s.modules.enabled} enabled, ${s.modules.disabled} disabled, `}
        <Text color={s.modules.failed ? 'red' : 'white'}>{`${s.modules.failed} failed`}</Text>
      </Text>
      <Text bold>Services</Text>
      {shown.list.map((svc) => (
        <Text key={svc.name} wrap="truncate">
          {'  '}
          <Text color={HEALTH_COLOR[svc.health.status] ?? 'white'}>{`● ${svc.health.status.padEnd(8)}`}</Text>
          {` ${svc.name.padEnd(nameWidth)} ${clean(withError(svc))}`}
        </Text>
      ))}
      {shown.hiddenOk > 0 && (
        <Text wrap="truncate" dimColor>
          {`  ● ok       and ${shown.hiddenOk} more service(s): see 3 Services`}
        </Text>
      )}
      <Text bold>Recent activity</Text>
      {s.recentAudit.slice(0, activityRows).map((r) => (
        <Text key={r.id} wrap="truncate" dimColor={r.outcome === 'ok'}>
          {`  ${formatAuditRow(r)}`}
        </Text>
      ))}
      <Text bold>Recent warnings and errors</Text>
      {s.recentErrors.length === 0 ? (
        <Text dimColor> none</Text>
      ) : (
        s.recentErrors.slice(-activityRows).map((e) => (
          <Text key={e.seq} wrap="truncate" color={e.level === 'warn' ? 'yellow' : 'red'}>
            {`  ${formatLogEntry(e)}`}
          </Text>
        ))
      )}
    </Box>
  );
}
