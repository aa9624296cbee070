import { Box, Text } from 'ink';
import { formatAuditRow } from '#admin/format-text.ts';
import { FieldView } from '../components/field-view.tsx';
import { Rows } from '../components/rows.tsx';
import { moveSelection, usePoll, useRefState } from '../hooks.ts';
import type { ScreenProps } from '../screen-props.ts';
import { editField, type FieldState, field } from '../text-field.ts';

const OUTCOMES = [undefined, 'ok', 'denied', 'failed', 'error'] as const;

export function AuditScreen({ client, width, height, keys }: ScreenProps) {
  const [text, setText] = useRefState('');
  const [outcome, setOutcome] = useRefState<(typeof OUTCOMES)[number]>(undefined);
  const [editing, setEditing] = useRefState<FieldState | null>(null);
  const [sel, setSel] = useRefState(0);
  const { data, error, refresh } = usePoll(
    () =>
      client.run('audit.query', {
        limit: 500,
        ...(text.current ? { text: text.current } : {}),
        ...(outcome.current ? { outcome: outcome.current } : {}),
      }),
    2000,
    [text.current, outcome.current],
  );
  const rows = data ?? [];
  keys.current = (input, key) => {
    const ed = editing.current;
    if (ed) {
      if (key.escape) setEditing(null);
      else if (key.return) {
        setText(ed.value.trim());
        setEditing(null);
        setSel(0);
      } else {
        const next = editField(ed, input, key);
        if (next) setEditing(next);
      }
      return true;
    }
    const next = moveSelection(sel.current, rows.length, input, key, height - 3);
    if (next !== null) setSel(next);
    else if (input === '/') setEditing(field(text.current));
    else if (input === 'o') {
      setOutcome(OUTCOMES[(OUTCOMES.indexOf(outcome.current) + 1) % OUTCOMES.length]);
      setSel(0);
    } else if (input === 'r') refresh();
    else return false;
    return true;
  };
  const selected = rows[sel.current];
  return (
    <Box flexDirection="column">
      {editing.current ? (
        <Box>
          <Text>text: </Text>
          <FieldView state={editing.current} width={width - 8} />
        </Box>
      ) : (
        <Text wrap="truncate">
          {`text: ${text.current || '*'}  outcome: ${outcome.current ?? 'all'}  ${rows.length} entries`}
          {error ? <Text color="red">{`  ${error}`}</Text> : null}
        </Text>
      )}
      <Rows
        items={rows}
        selected={sel.current}
        height={height - 3}
        empty="no entries"
        render={(r) => formatAuditRow(r)}
      />
      <Text wrap="truncate" dimColor>
        {selected ? `#${selected.id} ${selected.hash.slice(0, 16)}…` : ' '}
      </Text>
    </Box>
  );
}
