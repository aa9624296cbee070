import type { Key } from 'ink';

/** A one-line text field's value and cursor, edited key by key (pure, so it can live in a ref). */
export interface FieldState {
  value: string;
  cursor: number;
}

export function field(value = ''): FieldState {
  return { value, cursor: value.length };
}

/** Applies a key to the field; returns null when the key is not an edit (Enter, Esc, Tab, arrows up/down). */
export function editField(f: FieldState, input: string, key: Key): FieldState | null {
  const { value, cursor } = f;
  if (key.return || key.escape || key.tab || key.upArrow || key.downArrow) return null;
  if (key.leftArrow) return { value, cursor: Math.max(0, cursor - 1) };
  if (key.rightArrow) return { value, cursor: Math.min(value.length, cursor + 1) };
  if (key.home || (key.ctrl && input === 'a')) return { value, cursor: 0 };
  if (key.end || (key.ctrl && input === 'e')) return { value, cursor: value.length };
  if (key.ctrl && input === 'u') return { value: value.slice(cursor), cursor: 0 };
  if (key.backspace || key.delete) {
    if (cursor === 0) return f;
    return { value: value.slice(0, cursor - 1) + value.slice(cursor), cursor: cursor - 1 };
  }
  if (key.ctrl || key.meta) return f;
  // Pasted or batched text arrives as one string; control characters never enter the value.
  const text = input.replace(/[\x00-\x1f\x7f-\x9f]/g, '');
  if (!text) return f;
  return { value: value.slice(0, cursor) + text + value.slice(cursor), cursor: cursor + text.length };
}
