import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { scrollTop } from '../hooks.ts';

/** A scrolling list with one selected row (inverse). Rows are rendered by the caller and truncated to one line. */
export function Rows<T>({
  items,
  selected,
  height,
  render,
  empty = 'nothing to show',
}: {
  items: T[];
  selected: number;
  height: number;
  render: (item: T, index: number) => ReactNode;
  empty?: string;
}) {
  if (items.length === 0) return <Text dimColor>{empty}</Text>;
  const top = scrollTop(selected, items.length, height);
  return (
    <Box flexDirection="column">
      {items.slice(top, top + height).map((item, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
        <Text key={top + i} wrap="truncate" inverse={top + i === selected}>
          {render(item, top + i)}
        </Text>
      ))}
    </Box>
  );
}

export function Message({ text }: { text: { kind: 'ok' | 'error' | 'info'; text: string } | null }) {
  if (!text) return <Text> </Text>;
  const color = text.kind === 'ok' ? 'green' : text.kind === 'error' ? 'red' : 'cyan';
  return (
    <Text color={color} wrap="truncate">
      {text.text}
    </Text>
  );
}
