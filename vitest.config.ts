import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'tui/**/*.test.ts', 'tui/**/*.test.tsx', 'test/**/*.test.ts'],
    pool: 'forks',
    // Tests that run the tux command use the build in dist/: make sure it matches the sources.
    globalSetup: ['test/build-once.ts', 'test/fake-discord/voice/trust-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Ink renders nothing when CI=true; the console's tests drive a real Ink app.
    env: { CI: 'false', FORCE_COLOR: '3' },
  },
});
