/**
 * Live charts drawn with blessed-contrib: gateway latency, events/s, commands/min by module, memory and a log tail.
 * blessed is loaded only while a dashboard is open. It installs process-wide handlers (uncaughtException,
 * SIGTERM, SIGINT, SIGQUIT, exit) when the first screen is created; they would fight the appliance's own shutdown
 * handlers (a SIGTERM was ignored while a dashboard was open), so they are removed again right after.
 */
import os from 'node:os';
import type { AdminClient } from '#admin/admin-client.ts';
import { formatLogEntry } from '#admin/format-text.ts';
import type { LogSubscription } from '#core/log/types.ts';

export interface DashboardOptions {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  term: string;
  client: AdminClient;
  signal: AbortSignal;
}

const PROCESS_EVENTS = ['uncaughtException', 'SIGTERM', 'SIGINT', 'SIGQUIT', 'SIGCONT', 'exit'] as const;
const HISTORY = 60;

/** Runs `create` and removes every process listener it added, so blessed cannot take over signals or crashes. */
export function withoutProcessHandlers<T>(create: () => T): T {
  const before = new Map(PROCESS_EVENTS.map((e) => [e, new Set(process.listeners(e as 'exit'))]));
  try {
    return create();
  } finally {
    for (const e of PROCESS_EVENTS) {
      const had = before.get(e) ?? new Set();
      for (const l of process.listeners(e as 'exit')) if (!had.has(l)) process.removeListener(e, l);
    }
  }
}

interface Series {
  title: string;
  x: string[];
  y: number[];
  style?: { line: string };
}

export async function runDashboard(opts: DashboardOptions): Promise<void> {
  const blessed = (await import('blessed')).default;
  const contrib = (await import('blessed-contrib')).default;
  const { sanitizeForTerminal: clean } = await import('#admin/sanitize.ts');

  const screen = withoutProcessHandlers(() =>
    blessed.screen({
      input: opts.stdin,
      output: opts.stdout,
      terminal: opts.term,
      forceUnicode: true,
      smartCSR: true,
      fullUnicode: true,
      autoPadding: true,
      title: 'Tux dashboard',
    }),
  );
  // Unicode box drawing (as Ink uses) instead of DEC line-drawing, which some terminals show as "lqqk".
  (screen as unknown as { tput: { brokenACS: boolean } }).tput.brokenACS = true;

  const grid = new contrib.grid({ rows: 12, cols: 12, screen });
  const latency = grid.set(0, 0, 4, 6, contrib.line, {
    label: ' Gateway latency (ms) ',
    showLegend: false,
    minY: 0,
    style: { line: 'cyan', text: 'white', baseline: [110, 110, 110] },
  });
  const events = grid.set(0, 6, 4, 6, contrib.line, {
    label: ' Gateway events/s ',
    showLegend: false,
    minY: 0,
    style: { line: 'green', text: 'white', baseline: [110, 110, 110] },
  });
  const commands = grid.set(4, 0, 4, 8, contrib.bar, {
    label: ' Commands/min by module ',
    barWidth: 6,
    barSpacing: 4,
    xOffset: 1,
    maxHeight: 10,
  });
  const memory = grid.set(4, 8, 4, 4, contrib.gauge, {
    label: ' Memory (RSS of host RAM) ',
    stroke: 'cyan',
    fill: 'white',
  });
  const logBox = grid.set(8, 0, 4, 12, contrib.log, {
    label: ' Log (q: back) ',
    fg: 'white',
    tags: false,
    bufferLength: 200,
  });

  const lat: Series = { title: 'ms', x: [], y: [] };
  const evs: Series = { title: 'ev/s', x: [], y: [] };
  let cmd = { titles: [] as string[], data: [] as number[] };
  let memPct = 0;
  let note = '';

  const draw = () => {
    latency.setData([lat]);
    events.setData([evs]);
    commands.setData(cmd);
    // blessed-contrib reads values up to 1.001 as fractions (1 would be 100%).
    memory.setPercent(Math.max(1.01, memPct));
    screen.render();
  };
  const push = (s: Series, v: number) => {
    s.x.push(new Date().toTimeString().slice(0, 8));
    s.y.push(v);
    if (s.x.length > HISTORY) {
      s.x.shift();
      s.y.shift();
    }
  };
  const sample = async () => {
    try {
      const st = await opts.client.run('status');
      push(lat, st.bot?.ping ?? 0);
      push(evs, st.bot?.eventsPerSecond ?? 0);
      const cpm = st.bot?.commandsPerMinute ?? {};
      const names = Object.keys(cpm).slice(0, 8);
      cmd = { titles: names.map((n) => clean(n).slice(0, 6)), data: names.map((n) => cpm[n] ?? 0) };
      memPct = Math.min(100, Math.round((st.memory.rss / os.totalmem()) * 1000) / 10);
      const text = st.bot ? '' : ` ${st.botNote ?? 'bot not connected'} `;
      if (text !== note) {
        note = text;
        latency.setLabel(` Gateway latency (ms)${note ? ` —${note}` : ''} `);
      }
      draw();
    } catch {}
  };

  let sub: LogSubscription | null = null;
  const follow = await opts.client.run('logs.follow', { limit: 50 });
  for (const e of follow.recent) logBox.log(clean(formatLogEntry(e)));
  sub = follow.follow((entries) => {
    for (const e of entries.slice(-50)) logBox.log(clean(formatLogEntry(e)));
  });

  screen.on('resize', () => {
    // Canvas widgets keep their old size unless told to re-attach.
    for (const w of [latency, events, commands, memory]) w.emit('attach');
    draw();
  });

  await sample();
  const timer = setInterval(sample, 1000);
  await new Promise<void>((resolve) => {
    const done = () => resolve();
    screen.key(['q', 'C-c', 'escape'], done);
    opts.signal.addEventListener('abort', done, { once: true });
    if (opts.signal.aborted) done();
  });
  clearInterval(timer);
  sub?.close();
  withoutProcessHandlers(() => screen.destroy());
}
