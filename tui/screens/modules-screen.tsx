import { Box, Text } from 'ink';
import { useState } from 'react';
import { sanitizeForTerminal as clean } from '#admin/sanitize.ts';
import { FieldView } from '../components/field-view.tsx';
import { Message, Rows } from '../components/rows.tsx';
import { moveSelection, usePoll, useRefState } from '../hooks.ts';
import { errorText, type Flash, type ScreenProps } from '../screen-props.ts';
import { editField, type FieldState, field } from '../text-field.ts';

const COLOR: Record<string, string> = { enabled: 'green', disabled: 'gray', failed: 'red' };

const SOURCE_WIDTH = 24;

/** "built-in", "bundled plugin 1.0.0", "plugins/greeter 1.2.0", cut to the column. */
function sourceLabel(m: { source: string; version: string | null }): string {
  const text = m.version ? `${m.source} ${m.version}` : m.source;
  return text.length > SOURCE_WIDTH - 1 ? `${text.slice(0, SOURCE_WIDTH - 2)}…` : text;
}

export function ModulesScreen({ client, width, height, keys }: ScreenProps) {
  const { data, error, refresh } = usePoll(() => client.run('modules.list'), 1500);
  const [sel, setSel] = useRefState(0);
  const [guild, setGuild] = useRefState<string | null>(null);
  const [editing, setEditing] = useRefState<FieldState | null>(null);
  /** Choosing the scope from the bot's guilds; "i" types an id instead. */
  const [picking, setPicking] = useRefState<{ options: { id: string | null; name: string }[]; sel: number } | null>(
    null,
  );
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
  const chooseScope = (id: string | null) => {
    setGuild(id);
    setFlash({ kind: 'info', text: id ? `scope: guild ${id}` : 'scope: global' });
  };
  const openPicker = () => {
    client.run('guilds.list').then(
      (r) => {
        if (r.guilds.length === 0) return setEditing(field(guild.current ?? ''));
        const options = [{ id: null, name: '(global)' }, ...r.guilds.map((g) => ({ id: g.id, name: clean(g.name) }))];
        setPicking({
          options,
          sel: Math.max(
            0,
            options.findIndex((o) => o.id === guild.current),
          ),
        });
      },
      () => setEditing(field(guild.current ?? '')),
    );
  };
  keys.current = (input, key) => {
    const pk = picking.current;
    if (pk) {
      const next = moveSelection(pk.sel, pk.options.length, input, key, height - 4);
      if (next !== null) setPicking({ ...pk, sel: next });
      else if (key.return) {
        chooseScope(pk.options[pk.sel]?.id ?? null);
        setPicking(null);
      } else if (input === 'i') {
        setPicking(null);
        setEditing(field(guild.current ?? ''));
      } else if (key.escape || input === 'q') setPicking(null);
      return true;
    }
    const ed = editing.current;
    if (ed) {
      if (key.escape) setEditing(null);
      else if (key.return) {
        const v = ed.value.trim();
        if (v && !/^\d{17,20}$/.test(v)) setFlash({ kind: 'error', text: 'a guild id is 17–20 digits' });
        else chooseScope(v || null);
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
    else if (input === 'u') openPicker();
    else return false;
    return true;
  };
  const g = guild.current;
  const pk = picking.current;
  if (pk) {
    return (
      <Box flexDirection="column">
        <Text bold>Scope: Enter chooses, i types a guild id, Esc cancels</Text>
        <Rows
          items={pk.options}
          selected={pk.sel}
          height={height - 2}
          render={(o) => (o.id ? `${o.id}  ${o.name}` : o.name)}
        />
      </Box>
    );
  }
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
      >{`${'MODULE'.padEnd(16)}${'STATUS'.padEnd(10)}${(g ? 'IN GUILD' : 'OVERRIDES').padEnd(12)}${'SOURCE'.padEnd(SOURCE_WIDTH)}DESCRIPTION`}</Text>
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
              <Text dimColor={m.source === 'built-in'}>{clean(sourceLabel(m)).padEnd(SOURCE_WIDTH)}</Text>
              {clean(m.error ? `error: ${m.error}` : m.description)}
            </>
          );
        }}
      />
      <Message text={flash} />
    </Box>
  );
}
