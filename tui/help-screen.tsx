import { Box, Text } from 'ink';

export function HelpScreen({ screens, height }: { screens: { title: string; keys: string }[]; height: number }) {
  const lines: [string, string][] = [
    ['Tab / Shift-Tab, ← →, 1-7', 'switch screens'],
    ['?', 'this help'],
    ['d', 'live dashboard (q returns here)'],
    ['q, Ctrl-C', 'quit'],
    ...screens.filter((s) => s.keys).map((s): [string, string] => [s.title, s.keys]),
    ['', ''],
    [
      'Roles',
      'viewer reads; operator also restarts services and switches modules; admin changes config, keys, sessions',
    ],
  ];
  return (
    <Box flexDirection="column">
      <Text bold>Keys</Text>
      {lines.slice(0, height - 1).map(([k, v], i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static list
        <Text key={i} wrap="truncate">
          <Text color="cyan">{k.padEnd(26)}</Text>
          {v}
        </Text>
      ))}
    </Box>
  );
}
