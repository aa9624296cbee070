import { Box, Text } from 'ink';
import { useState } from 'react';
import { sanitizeForTerminal as clean } from '#admin/sanitize.ts';
import { Message, Rows } from '../components/rows.tsx';
import { moveSelection, usePoll, useRefState } from '../hooks.ts';
import { errorText, type Flash, type ScreenProps } from '../screen-props.ts';
import { withError } from './overview-screen.tsx';

const COLOR: Record<string, string> = {
  ok: 'green',
  degraded: 'yellow',
  down: 'red',
  stopped: 'gray',
  starting: 'cyan',
};

function dependsOn(list: { name: string; dependsOn: string[] }[], name: string, on: string): boolean {
  const deps = list.find((s) => s.name === name)?.dependsOn ?? [];
  return deps.includes(on) || deps.some((d) => dependsOn(list, d, on));
}

export function ServicesScreen({ client, height, keys }: ScreenProps) {
  const { data, error, refresh } = usePoll(() => client.run('services.list'), 1000);
  const [sel, setSel] = useRefState(0);
  const [flash, setFlash] = useState<Flash>(null);
  const [busy, setBusy] = useRefState(false);
  const [confirm, setConfirm] = useRefState<{ verb: 'restart' | 'stop'; name: string; prompt: string } | null>(null);
  const list = data ?? [];
  /** Restart and stop take things down: say what, and ask first. A pinned service says why not at once. */
  const ask = (verb: 'restart' | 'stop') => {
    const s = list[sel.current];
    if (!s || busy.current) return;
    if (s.pinned) {
      setFlash({ kind: 'error', text: clean(`cannot ${verb} ${s.name}: ${s.pinned}`) });
      return;
    }
    const dependents = list.filter((d) => dependsOn(list, d.name, s.name)).map((d) => d.name);
    const also = dependents.length ? ` and ${dependents.join(', ')}` : '';
    const prompt =
      verb === 'restart' ? `Restart ${s.name}${also}? y/n` : `Stop ${s.name}${also} until started again? y/n`;
    setConfirm({ verb, name: s.name, prompt });
  };
  const act = (verb: 'restart' | 'start' | 'stop', name = list[sel.current]?.name) => {
    const s = list.find((x) => x.name === name);
    if (!s || busy.current) return;
    setBusy(true);
    setFlash({ kind: 'info', text: `${verb} ${s.name}…` });
    client
      .run(`services.${verb}`, { name: s.name })
      .then(
        (st) =>
          setFlash({ kind: 'ok', text: `${s.name}: ${st.health.status}${st.error ? ` (${clean(st.error)})` : ''}` }),
        (err: unknown) => setFlash({ kind: 'error', text: clean(errorText(err)) }),
      )
      .finally(() => {
        setBusy(false);
        refresh();
      });
  };
  keys.current = (input, key) => {
    const c = confirm.current;
    if (c) {
      if (input === 'y') act(c.verb, c.name);
      else setFlash({ kind: 'info', text: `${c.verb} ${c.name}: cancelled` });
      setConfirm(null);
      return true;
    }
    const next = moveSelection(sel.current, list.length, input, key, height - 3);
    if (next !== null) setSel(next);
    else if (input === 'r') ask('restart');
    else if (input === 's') act('start');
    else if (input === 'x') ask('stop');
    else return false;
    return true;
  };
  // The name column fits the longest name (web.archwiki and the like), so columns never run together.
  const nameWidth = Math.max(12, ...list.map((s) => s.name.length + 1));
  return (
    <Box flexDirection="column">
      <Text bold>{`${'SERVICE'.padEnd(nameWidth)}${'STATUS'.padEnd(10)}${'DEPENDS ON'.padEnd(16)}DETAIL`}</Text>
      <Rows
        items={list}
        selected={sel.current}
        height={height - 3}
        empty={error ?? 'loading…'}
        render={(s) => (
          <>
            {s.name.padEnd(nameWidth)}
            <Text color={COLOR[s.health.status] ?? 'white'}>{s.health.status.padEnd(10)}</Text>
            {(s.dependsOn.join(',') || '-').padEnd(16)}
            {clean(withError(s))}
          </>
        )}
      />
      {confirm.current ? <Text color="yellow">{confirm.current.prompt}</Text> : <Message text={flash} />}
    </Box>
  );
}
