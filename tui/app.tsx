import { Box, Text, useInput, useStdout } from 'ink';
import { useEffect, useRef, useState } from 'react';
import type { AdminClient } from '#admin/admin-client.ts';
import { sanitizeForTerminal as clean } from '#admin/sanitize.ts';
import { HelpScreen } from './help-screen.tsx';
import { type KeyHandler, useRefState } from './hooks.ts';
import type { ScreenProps } from './screen-props.ts';
import { AuditScreen } from './screens/audit-screen.tsx';
import { ConfigScreen } from './screens/config-screen.tsx';
import { LogsScreen } from './screens/logs-screen.tsx';
import { ModulesScreen } from './screens/modules-screen.tsx';
import { OverviewScreen } from './screens/overview-screen.tsx';
import { ServicesScreen } from './screens/services-screen.tsx';
import { SessionsScreen } from './screens/sessions-screen.tsx';

export interface ScreenDef {
  title: string;
  keys: string;
  Component: (props: ScreenProps) => React.ReactNode;
  /**
   * The screen never renders more rows than its height, so its body is not clipped: clipping makes Ink slice
   * every line of every frame, which matters for a screen that redraws several times a second.
   */
  fitsHeight?: boolean;
}

export const SCREENS: ScreenDef[] = [
  { title: 'Overview', keys: '', Component: OverviewScreen },
  {
    title: 'Logs',
    keys: '/ text  m module  l level  p pause  ↑↓ PgUp/PgDn scroll  G follow  c clear',
    Component: LogsScreen,
    fitsHeight: true,
  },
  { title: 'Services', keys: '↑↓ select  r restart  s start  x stop', Component: ServicesScreen },
  { title: 'Modules', keys: '↑↓ select  e enable  x disable  u guild  (g: guild scope)', Component: ModulesScreen },
  { title: 'Config', keys: '↑↓ select  Enter edit  Esc cancel', Component: ConfigScreen },
  { title: 'Audit', keys: '/ text  o outcome  ↑↓ scroll  r refresh', Component: AuditScreen },
  { title: 'Sessions', keys: '↑↓ select  K end session', Component: SessionsScreen },
];

export type AppExit = { next: 'exit' | 'dashboard'; code: number };

function useTerminalSize(): { cols: number; rows: number } {
  const { stdout } = useStdout();
  const read = () => ({ cols: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  // biome-ignore lint/correctness/useExhaustiveDependencies: read() only reads stdout
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}

export function App({ client, onExit }: { client: AdminClient; onExit: (r: AppExit) => void }) {
  const { cols, rows } = useTerminalSize();
  const [screen, setScreen] = useRefState(0);
  const [help, setHelp] = useRefState(false);
  const screenKeys = useRef<KeyHandler | null>(null);
  const exited = useRef(false);
  const exit = (r: AppExit) => {
    if (exited.current) return;
    exited.current = true;
    onExit(r);
  };

  useInput((input, key) => {
    try {
      if (exited.current) return;
      if (key.ctrl && input === 'c') return exit({ next: 'exit', code: 0 });
      if (help.current) {
        if (input === 'q' || input === '?' || key.escape || key.return) setHelp(false);
        return;
      }
      // Printable characters can arrive several in one chunk: handle them one at a time, like typed keys.
      const chars = key.tab || key.escape || key.ctrl || key.meta || input.length <= 1 ? [input] : [...input];
      for (const ch of chars) {
        if (exited.current) return;
        if (help.current) {
          if (ch === 'q' || ch === '?') setHelp(false);
          continue;
        }
        if (screenKeys.current?.(ch, key)) continue;
        if (key.tab) setScreen((s) => (s + (key.shift ? SCREENS.length - 1 : 1)) % SCREENS.length);
        else if (ch === 'q') return exit({ next: 'exit', code: 0 });
        else if (ch === '?') setHelp(true);
        else if (ch === 'd') return exit({ next: 'dashboard', code: 0 });
        else if (ch >= '1' && ch <= String(SCREENS.length)) setScreen(Number(ch) - 1);
        else if (key.rightArrow) setScreen((s) => (s + 1) % SCREENS.length);
        else if (key.leftArrow) setScreen((s) => (s + SCREENS.length - 1) % SCREENS.length);
      }
    } catch {
      // A failing key handler must not take the session (or the process) down.
    }
  });

  const current = SCREENS[screen.current] ?? SCREENS[0]!;
  // Ink clears the whole terminal each frame when output reaches the last row: keep one row free.
  const bodyHeight = Math.max(3, rows - 5);
  const role = `${client.actor.role}${client.actor.label ? ` · ${clean(client.actor.label)}` : ''}`;
  return (
    <Box flexDirection="column" width={cols} height={rows - 1}>
      <Text wrap="truncate">
        <Text bold color="cyan">
          {' Tux '}
        </Text>
        {SCREENS.map((s, i) => (
          <Text key={s.title} inverse={i === screen.current}>{` ${i + 1} ${s.title}`}</Text>
        ))}
      </Text>
      <Text dimColor wrap="truncate">
        {`─ ${role} · ${cols}x${rows} ${'─'.repeat(Math.max(0, cols - role.length - String(cols).length - String(rows).length - 7))}`}
      </Text>
      <Box
        flexDirection="column"
        height={bodyHeight}
        overflow={current.fitsHeight && !help.current ? 'visible' : 'hidden'}
      >
        {help.current ? (
          <HelpScreen screens={SCREENS} height={bodyHeight} />
        ) : (
          <current.Component client={client} width={cols} height={bodyHeight} keys={screenKeys} />
        )}
      </Box>
      <Text dimColor>{'─'.repeat(Math.max(0, cols))}</Text>
      <Text wrap="truncate" dimColor>
        {help.current
          ? 'q/Esc close help'
          : `${current.keys ? `${current.keys}  │  ` : ''}Tab/1-7 screens  ? help  d dashboard  q quit`}
      </Text>
    </Box>
  );
}
