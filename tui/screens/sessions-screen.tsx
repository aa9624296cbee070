import { Box, Text } from 'ink';
import { useState } from 'react';
import { formatTime } from '#admin/format-text.ts';
import { sanitizeForTerminal as clean } from '#admin/sanitize.ts';
import { Message, Rows } from '../components/rows.tsx';
import { moveSelection, usePoll, useRefState } from '../hooks.ts';
import { errorText, type Flash, type ScreenProps } from '../screen-props.ts';

export function SessionsScreen({ client, height, keys }: ScreenProps) {
  const { data, error, refresh } = usePoll(() => client.run('sessions.list'), 1000);
  const [sel, setSel] = useRefState(0);
  const [confirm, setConfirm] = useRefState<string | null>(null);
  const [flash, setFlash] = useState<Flash>(null);
  const list = data ?? [];
  keys.current = (input, key) => {
    const c = confirm.current;
    if (c) {
      if (input === 'y') {
        client
          .run('sessions.kick', { id: c })
          .then(
            () => setFlash({ kind: 'ok', text: `session ${c} ended` }),
            (err: unknown) => setFlash({ kind: 'error', text: clean(errorText(err)) }),
          )
          .finally(refresh);
      }
      setConfirm(null);
      return true;
    }
    const next = moveSelection(sel.current, list.length, input, key, height - 3);
    if (next !== null) setSel(next);
    else if (input === 'K') {
      const s = list[sel.current];
      if (!s) return true;
      if (s.id === client.actor.sessionId) setFlash({ kind: 'error', text: 'that is this session: press q to leave' });
      else setConfirm(s.id);
    } else return false;
    return true;
  };
  return (
    <Box flexDirection="column">
      <Text
        bold
      >{`${'ID'.padEnd(6)}${'ROLE'.padEnd(10)}${'KIND'.padEnd(12)}${'FROM'.padEnd(24)}${'SINCE'.padEnd(21)}KEY`}</Text>
      <Rows
        items={list}
        selected={sel.current}
        height={height - 3}
        empty={error ?? 'loading…'}
        render={(s) =>
          clean(
            `${s.id.padEnd(6)}${s.role.padEnd(10)}${(s.kind === 'exec' ? `exec` : s.kind).padEnd(12)}${s.address.padEnd(24)}${formatTime(s.startedAt).padEnd(21)}${s.label || s.fingerprint}${s.id === client.actor.sessionId ? ' (you)' : ''}`,
          )
        }
      />
      {confirm.current ? <Text color="yellow">{`End session ${confirm.current}? y/n`}</Text> : <Message text={flash} />}
    </Box>
  );
}
