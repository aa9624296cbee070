import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'tui/**/*.test.ts', 'tui/**/*.test.tsx', 'test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Ink renders nothing when CI=true; the console's tests drive a real Ink app.
    env: { CI: 'false', FORCE_COLOR: '3' },
  },
});
