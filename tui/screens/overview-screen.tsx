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

export function OverviewScreen({ client, height, keys }: ScreenProps) {
  const { data: s, error } = usePoll(() => client.run('status'), 1000);
  keys.current = null;
  if (!s) return <Text dimColor>{error ? `error: ${error}` : 'loading…'}</Text>;
  const bot = s.bot;
  const activityRows = Math.max(1, Math.floor((height - 7 - s.services.length) / 2));
  const nameWidth = Math.max(10, ...s.services.map((svc) => svc.name.length));
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
      {s.services.map((svc) => (
        <Text key={svc.name} wrap="truncate">
          {'  '}
          <Text color={HEALTH_COLOR[svc.health.status] ?? 'white'}>{`● ${svc.health.status.padEnd(8)}`}</Text>
          {` ${svc.name.padEnd(nameWidth)} ${clean(withError(svc))}`}
        </Text>
      ))}
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
