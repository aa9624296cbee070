import { Text } from 'ink';
import type { FieldState } from '../text-field.ts';

/** A text field with a visible cursor, scrolled so the cursor stays in view. */
export function FieldView({ state, width, mask }: { state: FieldState; width: number; mask?: boolean }) {
  const shown = mask ? '*'.repeat(state.value.length) : state.value;
  const w = Math.max(4, width - 1);
  const start = Math.max(0, state.cursor - w + 1);
  const visible = shown.slice(start, start + w);
  const at = state.cursor - start;
  return (
    <Text>
      {visible.slice(0, at)}
      <Text inverse>{visible[at] ?? ' '}</Text>
      {visible.slice(at + 1)}
    </Text>
  );
}
