import { Box, Text } from 'ink';
import { useRef, useState } from 'react';
import type { AdminOpResult } from '#admin/admin-ops.ts';
import { roleAllows } from '#admin/roles.ts';
import { sanitizeForTerminal as clean } from '#admin/sanitize.ts';
import { FieldView } from '../components/field-view.tsx';
import { Message, Rows } from '../components/rows.tsx';
import { moveSelection, usePoll, useRefState } from '../hooks.ts';
import { errorText, type Flash, type ScreenProps } from '../screen-props.ts';
import { editField, type FieldState, field } from '../text-field.ts';

type Entry = AdminOpResult<'config.get'>['keys'][number];
type Diff = AdminOpResult<'config.diff'>;

interface Edit {
  entry: Entry;
  field: FieldState;
  /** Config version when editing began: saving is refused if someone else saved since. */
  version: number;
  check: { ok: boolean; text: string } | null;
  diff: Diff | null;
}

function show(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function ConfigScreen({ client, width, height, keys }: ScreenProps) {
  const { data, error, refresh } = usePoll(() => client.run('config.get'), 3000);
  const [sel, setSel] = useRefState(0);
  const [edit, setEdit] = useRefState<Edit | null>(null);
  const [flash, setFlash] = useState<Flash>(null);
  const checkSeq = useRef(0);
  const list = data?.keys ?? [];
  const canEdit = roleAllows(client.actor.role, 'admin');

  const validate = (e: Edit) => {
    const seq = ++checkSeq.current;
    client.run('config.validate', { key: e.entry.key, value: e.field.value }).then(
      (r) => {
        if (seq !== checkSeq.current || !edit.current) return;
        setEdit({ ...edit.current, check: r.ok ? { ok: true, text: 'valid' } : { ok: false, text: r.error } });
      },
      (err: unknown) =>
        seq === checkSeq.current &&
        edit.current &&
        setEdit({ ...edit.current, check: { ok: false, text: errorText(err) } }),
    );
  };

  const save = (e: Edit) => {
    client
      .run('config.set', { key: e.entry.key, value: e.field.value, expectedVersion: e.version })
      .then(
        (r) => {
          if (r.envVariable) {
            setFlash({
              kind: 'error',
              text: `${e.entry.key}: saved to the file, but ${r.envVariable} in the environment overrides it: nothing changed`,
            });
            return;
          }
          const how =
            r.changes.length === 0
              ? 'unchanged'
              : r.restartRequired
                ? 'saved — restart required'
                : 'saved — applied now';
          setFlash({ kind: 'ok', text: `${e.entry.key}: ${how}` });
        },
        (err: unknown) => setFlash({ kind: 'error', text: clean(errorText(err)) }),
      )
      .finally(refresh);
    setEdit(null);
  };

  keys.current = (input, key) => {
    const e = edit.current;
    if (e?.diff) {
      if (input === 'y') save(e);
      else if (input === 'n' || key.escape) setEdit({ ...e, diff: null });
      return true;
    }
    if (e) {
      if (key.escape) setEdit(null);
      else if (key.return) {
        if (e.check && !e.check.ok) return true;
        client.run('config.diff', { key: e.entry.key, value: e.field.value }).then(
          (d) => edit.current && setEdit({ ...edit.current, diff: d }),
          (err: unknown) => edit.current && setEdit({ ...edit.current, check: { ok: false, text: errorText(err) } }),
        );
      } else {
        const next = editField(e.field, input, key);
        if (next && next !== e.field) {
          const ne = { ...e, field: next, check: null };
          setEdit(ne);
          validate(ne);
        }
      }
      return true;
    }
    const next = moveSelection(sel.current, list.length, input, key, height - 6);
    if (next !== null) setSel(next);
    else if (key.return) {
      const entry = list[sel.current];
      if (!entry || !data) return true;
      if (!canEdit) {
        setFlash({ kind: 'error', text: `changing config needs the admin role; this key has ${client.actor.role}` });
        return true;
      }
      const initial = entry.secret ? '' : show(entry.value);
      setEdit({ entry, field: field(initial), version: data.version, check: null, diff: null });
    } else if (input === 'r') refresh();
    else return false;
    return true;
  };

  const e = edit.current;
  const cur = e?.entry ?? list[sel.current];
  if (e?.diff) {
    const d = e.diff;
    return (
      <Box flexDirection="column">
        <Text bold>{`Save ${d.key}?`}</Text>
        <Text color="red" wrap="truncate">{`- ${clean(show(d.before))}`}</Text>
        <Text color="green" wrap="truncate">{`+ ${clean(show(d.after))}`}</Text>
        <Text>
          {d.changed ? (d.apply === 'hot' ? 'Applies at once.' : 'Takes effect after a restart.') : 'No change.'}
        </Text>
        {d.overriddenByEnv ? (
          <Text color="yellow">{`An environment variable overrides this key; the file value will not be used.`}</Text>
        ) : null}
        <Text>
          <Text bold>y</Text> save <Text bold>n</Text> back
        </Text>
      </Box>
    );
  }
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">{`${'KEY'.padEnd(28)}${'VALUE'.padEnd(Math.max(10, width - 44))}APPLY`}</Text>
      <Rows
        items={list}
        selected={sel.current}
        height={height - 6}
        empty={error ?? 'loading…'}
        render={(k, i) => {
          const v = k.secret && !k.value ? '(not set)' : clean(show(k.value));
          const vw = Math.max(10, width - 44);
          // A tree by section: the section name only on its first key.
          const first = list[i - 1]?.section !== k.section;
          const name = first ? k.key : `${' '.repeat(k.section.length)}.${k.key.slice(k.section.length + 1)}`;
          return `${name.padEnd(28)}${(v.length > vw - 1 ? `${v.slice(0, vw - 2)}…` : v).padEnd(vw)}${k.apply}${k.envVariable ? ' env' : ''}${k.secret ? ' secret' : ''}`;
        }}
      />
      {e ? (
        <Box>
          <Text>{`${e.entry.key} = `}</Text>
          <FieldView state={e.field} width={width - e.entry.key.length - 4} mask={e.entry.secret} />
        </Box>
      ) : (
        <Text wrap="truncate" dimColor>
          {cur ? clean(cur.description) : ' '}
        </Text>
      )}
      <Text wrap="truncate" dimColor>
        {cur
          ? `expects ${clean(cur.expected)} · ${cur.apply === 'hot' ? 'applies at once' : 'needs a restart'} · ${cur.envVariable ? `${cur.envVariable} is set in the environment and overrides the file` : `env ${cur.env}`}`
          : ' '}
      </Text>
      {e ? (
        e.check ? (
          <Text color={e.check.ok ? 'green' : 'red'} wrap="truncate">
            {e.check.ok ? '✓ valid — Enter to review' : `✗ ${clean(e.check.text)}`}
          </Text>
        ) : (
          <Text dimColor>Enter review · Esc cancel</Text>
        )
      ) : (
        <Message
          text={flash ?? (canEdit ? null : { kind: 'info', text: 'read-only: config changes need the admin role' })}
        />
      )}
    </Box>
  );
}
