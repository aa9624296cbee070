import { Box, Text } from 'ink';
import { useState } from 'react';
import { sanitizeForTerminal as clean } from '#admin/sanitize.ts';
import { FieldView } from '../components/field-view.tsx';
import { Message, Rows } from '../components/rows.tsx';
import { moveSelection, usePoll, useRefState } from '../hooks.ts';
import { errorText, type Flash, type ScreenProps } from '../screen-props.ts';
import { editField, type FieldState, field } from '../text-field.ts';

const COLOR: Record<string, string> = { enabled: 'green', disabled: 'gray', failed: 'red' };

export function ModulesScreen({ client, width, height, keys }: ScreenProps) {
  const { data, error, refresh } = usePoll(() => client.run('modules.list'), 1500);
  const [sel, setSel] = useRefState(0);
  const [guild, setGuild] = useRefState<string | null>(null);
  const [editing, setEditing] = useRefState<FieldState | null>(null);
  const [flash, setFlash] = useState<Flash>(null);
  const list = data ?? [];
  const toggle = (enable: boolean) => {
    const m = list[sel.current];
    if (!m) return;
    const g = guild.current;
    const where = g ? ` in guild ${g}` : ' globally';
    client
      .run(enable ? 'modules.enable' : 'modules.disable', { name: m.name, ...(g ? { guildId: g } : {}) })
      .then(
        (st) =>
          setFlash({ kind: 'ok', text: `${m.name} ${enable ? 'enabled' : 'disabled'}${where} (now ${st.status})` }),
        (err: unknown) => setFlash({ kind: 'error', text: clean(errorText(err)) }),
      )
      .finally(refresh);
  };
  keys.current = (input, key) => {
    const ed = editing.current;
    if (ed) {
      if (key.escape) setEditing(null);
      else if (key.return) {
        const v = ed.value.trim();
        if (v && !/^\d{17,20}$/.test(v)) setFlash({ kind: 'error', text: 'a guild id is 17–20 digits' });
        else {
          setGuild(v || null);
          setFlash({ kind: 'info', text: v ? `scope: guild ${v}` : 'scope: global' });
        }
        setEditing(null);
      } else {
        const next = editField(ed, input, key);
        if (next) setEditing(next);
      }
      return true;
    }
    const next = moveSelection(sel.current, list.length, input, key, height - 4);
    if (next !== null) setSel(next);
    else if (input === 'e') toggle(true);
    else if (input === 'x') toggle(false);
    else if (input === 'u') setEditing(field(guild.current ?? ''));
    else return false;
    return true;
  };
  const g = guild.current;
  return (
    <Box flexDirection="column">
      {editing.current ? (
        <Box>
          <Text>guild id (empty: global): </Text>
          <FieldView state={editing.current} width={width - 28} />
        </Box>
      ) : (
        <Text wrap="truncate">
          {'scope: '}
          <Text bold>{g ? `guild ${g}` : 'global'}</Text>
          <Text dimColor>{'  (u: choose a guild)'}</Text>
        </Text>
      )}
      <Text
        bold
      >{`${'MODULE'.padEnd(16)}${'STATUS'.padEnd(10)}${(g ? 'IN GUILD' : 'OVERRIDES').padEnd(12)}DESCRIPTION`}</Text>
      <Rows
        items={list}
        selected={sel.current}
        height={height - 4}
        empty={error ?? 'loading…'}
        render={(m) => {
          const o = g ? m.guildOverrides.find((x) => x.guildId === g) : undefined;
          const scope = g ? (o ? (o.enabled ? 'on' : 'off') : 'inherits') : String(m.guildOverrides.length || '-');
          return (
            <>
              {`${m.name}${m.required ? '*' : ''}`.padEnd(16)}
              <Text color={COLOR[m.status] ?? 'white'}>{m.status.padEnd(10)}</Text>
              {scope.padEnd(12)}
              {clean(m.error ? `error: ${m.error}` : m.description)}
            </>
          );
        }}
      />
      <Message text={flash} />
    </Box>
  );
}
