import { Box, Text } from 'ink';
import { memo, useEffect, useRef, useState } from 'react';
import { formatLogEntry } from '#admin/format-text.ts';
import type { LogEntry, LogLevelName, LogSubscription } from '#core/log/types.ts';
import { FieldView } from '../components/field-view.tsx';
import { useRefState } from '../hooks.ts';
import type { ScreenProps } from '../screen-props.ts';
import { editField, type FieldState, field } from '../text-field.ts';

const LEVELS: (LogLevelName | undefined)[] = [undefined, 'debug', 'info', 'warn', 'error'];
/** Lines kept for scrolling back (and kept while paused). */
const KEEP = 5000;
/**
 * A busy log redraws at most about this often while following: each redraw makes Ink rebuild the whole frame cell
 * by cell, which costs far more than the log lines themselves. A quiet log shows a new line after QUICK_MS.
 * Paused or scrolled back, only the counters change.
 */
const FOLLOW_MS = 500;
const STILL_MS = 1000;
const QUICK_MS = 30;
const COLORS: Record<string, string> = {
  trace: 'gray',
  debug: 'gray',
  info: 'white',
  warn: 'yellow',
  error: 'red',
  fatal: 'red',
};
// Printable ASCII is one column per character: such lines are cut with slice() and grouped; anything else is
// measured by Ink, on a row of its own.
const ASCII = /^[\x20-\x7e]*$/;

interface Filter {
  level: LogLevelName | undefined;
  module: string;
  text: string;
}

interface Group {
  key: number;
  color: string;
  text: string;
  /** true: one line that may hold wide characters, so Ink must fit it by columns. */
  measured: boolean;
}

export function LogsScreen({ client, width, height, keys }: ScreenProps) {
  const [filter, setFilter] = useRefState<Filter>({ level: undefined, module: '', text: '' });
  const [editing, setEditing] = useRefState<{ what: 'text' | 'module'; field: FieldState } | null>(null);
  const [paused, setPaused] = useRefState(false);
  const [offset, setOffset] = useRefState(0);
  const entries = useRef<LogEntry[]>([]);
  const pending = useRef<LogEntry[]>([]);
  const dropped = useRef(0);
  // Formatting and sanitising happen once per entry, and only for entries that get shown.
  const formatted = useRef(new WeakMap<LogEntry, string>());
  const [error, setError] = useState<string | null>(null);
  const [, redraw] = useState(0);
  const scheduled = useRef<NodeJS.Timeout | null>(null);
  const lastFrame = useRef(0);
  const bodyHeight = Math.max(1, height - 2);
  const view = useRef(bodyHeight);
  view.current = bodyHeight;
  const f = filter.current;

  useEffect(() => {
    let sub: LogSubscription | null = null;
    let alive = true;
    // One redraw per interval however many batches arrive; jittered because every session gets each batch at
    // once, and their frames should not all land in the same tick.
    const schedule = () => {
      if (scheduled.current) return;
      const gap = (paused.current || offset.current > 0 ? STILL_MS : FOLLOW_MS) * (0.75 + Math.random() / 2);
      scheduled.current = setTimeout(
        () => {
          scheduled.current = null;
          lastFrame.current = performance.now();
          if (alive) redraw((n) => n + 1);
        },
        Math.max(QUICK_MS, lastFrame.current + gap - performance.now()),
      );
    };
    entries.current = [];
    pending.current = [];
    dropped.current = 0;
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
            if (paused.current) pushCapped(pending.current, batch);
            else {
              const list = entries.current;
              pushCapped(list, batch);
              // Scrolled back: keep the same lines in view while new ones arrive below.
              if (offset.current > 0) {
                offset.current = Math.min(offset.current + batch.length, Math.max(0, list.length - view.current));
              }
            }
            schedule();
          },
          (n) => {
            dropped.current += n;
            schedule();
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
  }, [client, f.level, f.module, f.text, paused, offset]);

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
        pushCapped(entries.current, pending.current);
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
  const format = (e: LogEntry) => {
    let line = formatted.current.get(e);
    if (line === undefined) {
      line = formatLogEntry(e);
      formatted.current.set(e, line);
    }
    return line;
  };
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
        {dropped.current > 0 ? <Text color="red">{`  ${dropped.current} dropped`}</Text> : null}
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
      <LogLines groups={groupLines(shown, width, format)} />
    </Box>
  );
}

function pushCapped(list: LogEntry[], batch: LogEntry[]): void {
  for (const e of batch) list.push(e);
  if (list.length > KEEP) list.splice(0, list.length - KEEP);
}

/** Re-renders only when a line in view changed (a paused or scrolled-back screen keeps the same lines). */
const LogLines = memo(
  function LogLines({ groups }: { groups: Group[] }) {
    return (
      <>
        {groups.map((g) =>
          g.measured ? (
            // Wrapped by columns and cut to its first row (Ink's own truncation can overshoot by a wide character).
            <Box key={g.key} height={1} overflow="hidden">
              <Text color={g.color}>{g.text}</Text>
            </Box>
          ) : (
            <Text key={g.key} color={g.color}>
              {g.text}
            </Text>
          ),
        )}
      </>
    );
  },
  (a, b) =>
    a.groups.length === b.groups.length &&
    a.groups.every((g, i) => {
      const h = b.groups[i];
      return h !== undefined && g.key === h.key && g.text === h.text && g.color === h.color;
    }),
);

/**
 * Consecutive lines of one colour become one Text node (one layout node instead of one per line), each line cut
 * to the width beforehand so that nothing wraps. A line with wide or combining characters stands alone and is
 * cut by Ink, which measures columns.
 */
function groupLines(entries: LogEntry[], width: number, format: (e: LogEntry) => string): Group[] {
  const groups: Group[] = [];
  const w = Math.max(10, width);
  for (const e of entries) {
    const color = COLORS[e.level] ?? 'white';
    const full = format(e);
    const measured = !ASCII.test(full);
    // A character is at least one column: a measured line cut to the width in characters is at most twice too wide.
    const line = full.length <= w ? full : measured ? full.slice(0, w) : `${full.slice(0, w - 1)}…`;
    const last = groups.at(-1);
    if (!measured && last && !last.measured && last.color === color) last.text += `\n${line}`;
    else groups.push({ key: e.seq, color, text: line, measured });
  }
  return groups;
}
