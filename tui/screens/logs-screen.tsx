import { Box, Text } from 'ink';
import { useEffect, useRef, useState } from 'react';
import { formatLogEntry } from '#admin/format-text.ts';
import type { LogEntry, LogLevelName, LogSubscription } from '#core/log/types.ts';
import { FieldView } from '../components/field-view.tsx';
import { useRefState } from '../hooks.ts';
import type { ScreenProps } from '../screen-props.ts';
import { editField, type FieldState, field } from '../text-field.ts';

const LEVELS: (LogLevelName | undefined)[] = [undefined, 'debug', 'info', 'warn', 'error'];
const KEEP = 5000;
/** A busy log redraws at most this often: each redraw is a layout pass per session. */
const REDRAW_MS = 200;
const COLORS: Record<string, string> = {
  trace: 'gray',
  debug: 'gray',
  info: 'white',
  warn: 'yellow',
  error: 'red',
  fatal: 'red',
};

interface Filter {
  level: LogLevelName | undefined;
  module: string;
  text: string;
}

export function LogsScreen({ client, width, height, keys }: ScreenProps) {
  const [filter, setFilter] = useRefState<Filter>({ level: undefined, module: '', text: '' });
  const [editing, setEditing] = useRefState<{ what: 'text' | 'module'; field: FieldState } | null>(null);
  const [paused, setPaused] = useRefState(false);
  const [offset, setOffset] = useRefState(0);
  const entries = useRef<LogEntry[]>([]);
  const pending = useRef<LogEntry[]>([]);
  const [dropped, setDropped] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [, redraw] = useState(0);
  const scheduled = useRef<NodeJS.Timeout | null>(null);
  const f = filter.current;

  useEffect(() => {
    let sub: LogSubscription | null = null;
    let alive = true;
    const schedule = () => {
      if (scheduled.current) return;
      scheduled.current = setTimeout(
        () => {
          scheduled.current = null;
          if (alive) redraw((n) => n + 1);
        },
        // Jitter: every session gets the same log batch at once; spread their redraws instead of stacking them.
        REDRAW_MS * (0.5 + Math.random()),
      );
    };
    const push = (list: LogEntry[], batch: LogEntry[]) => {
      list.push(...batch);
      if (list.length > KEEP) list.splice(0, list.length - KEEP);
    };
    entries.current = [];
    pending.current = [];
    setDropped(0);
    const input = {
      limit: 500,
      ...(f.level ? { level: f.level } : {}),
      ...(f.module ? { module: f.module } : {}),
      ...(f.text ? { text: f.text } : {}),
    };
    client.run('logs.follow', input).then(
      (follow) => {
        if (!alive) return;
        entries.current = [...follow.recent];
        setError(null);
        sub = follow.follow(
          (batch) => {
            push(paused.current ? pending.current : entries.current, batch);
            schedule();
          },
          (n) => {
            setDropped(n);
          },
        );
        redraw((n) => n + 1);
      },
      (err: unknown) => alive && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      alive = false;
      sub?.close();
      if (scheduled.current) clearTimeout(scheduled.current);
      scheduled.current = null;
    };
  }, [client, f.level, f.module, f.text, paused]);

  const bodyHeight = Math.max(1, height - 2);
  keys.current = (input, key) => {
    const ed = editing.current;
    if (ed) {
      if (key.escape) setEditing(null);
      else if (key.return) {
        setFilter({ ...filter.current, [ed.what]: ed.field.value.trim() });
        setEditing(null);
        setOffset(0);
      } else {
        const next = editField(ed.field, input, key);
        if (next) setEditing({ ...ed, field: next });
      }
      return true;
    }
    const total = entries.current.length;
    const maxOffset = Math.max(0, total - bodyHeight);
    if (key.upArrow || input === 'k') setOffset((o) => Math.min(maxOffset, o + 1));
    else if (key.downArrow || input === 'j') setOffset((o) => Math.max(0, o - 1));
    else if (key.pageUp) setOffset((o) => Math.min(maxOffset, o + bodyHeight));
    else if (key.pageDown) setOffset((o) => Math.max(0, o - bodyHeight));
    else if (key.home || input === 'g') setOffset(maxOffset);
    else if (key.end || input === 'G') setOffset(0);
    else if (input === '/') setEditing({ what: 'text', field: field(filter.current.text) });
    else if (input === 'm') setEditing({ what: 'module', field: field(filter.current.module) });
    else if (input === 'l') {
      const i = LEVELS.indexOf(filter.current.level);
      setFilter({ ...filter.current, level: LEVELS[(i + 1) % LEVELS.length] });
      setOffset(0);
    } else if (input === 'p' || input === ' ') {
      if (paused.current) {
        entries.current.push(...pending.current);
        if (entries.current.length > KEEP) entries.current.splice(0, entries.current.length - KEEP);
        pending.current = [];
      }
      setPaused(!paused.current);
    } else if (input === 'c') {
      entries.current = [];
      setOffset(0);
    } else return false;
    return true;
  };

  const list = entries.current;
  const off = Math.min(offset.current, Math.max(0, list.length - bodyHeight));
  const end = list.length - off;
  const shown = list.slice(Math.max(0, end - bodyHeight), end);
  const ed = editing.current;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        <Text bold>{`level ≥ ${f.level ?? 'all'}`}</Text>
        {`  module: ${f.module || '*'}  text: ${f.text || '*'}  `}
        {paused.current ? (
          <Text color="yellow">{`PAUSED (${pending.current.length} new)`}</Text>
        ) : off > 0 ? (
          <Text color="cyan">{`scrolled back ${off}`}</Text>
        ) : (
          <Text color="green">following</Text>
        )}
        {dropped > 0 ? <Text color="red">{`  ${dropped} dropped`}</Text> : null}
        {error ? <Text color="red">{`  ${error}`}</Text> : null}
      </Text>
      {ed ? (
        <Box>
          <Text>{ed.what === 'text' ? 'filter text: ' : 'module: '}</Text>
          <FieldView state={ed.field} width={width - 16} />
        </Box>
      ) : (
        <Text dimColor wrap="truncate">{`${list.length} lines`}</Text>
      )}
      {groupByColor(shown, width).map((g) => (
        <Text key={g.key} color={g.color}>
          {g.text}
        </Text>
      ))}
    </Box>
  );
}

/**
 * Consecutive lines of one colour become one Text node (one layout node instead of one per line), each line cut to
 * the width beforehand so that nothing wraps.
 */
function groupByColor(entries: LogEntry[], width: number): { key: number; color: string; text: string }[] {
  const groups: { key: number; color: string; text: string }[] = [];
  const w = Math.max(10, width);
  for (const e of entries) {
    const color = COLORS[e.level] ?? 'white';
    const full = formatLogEntry(e);
    const line = full.length > w ? `${full.slice(0, w - 1)}…` : full;
    const last = groups.at(-1);
    if (last && last.color === color) last.text += `\n${line}`;
    else groups.push({ key: e.seq, color, text: line });
  }
  return groups;
}
