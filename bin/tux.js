#!/usr/bin/env node
// Entry point of the `tux` command: runs the build in dist/ (made by `npm ci`, or `npm run build`). If the sources
// changed since that build (a `git pull`, an edit), it rebuilds first; `npm run dev` runs the sources through tsx.
import { readFileSync } from 'node:fs';

// `tux --version` answers from package.json at once: no build check, no bundle (about the cost of `node -e 1`).
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${pkg.version}\n`);
  process.exit(0);
}

const { buildState, ENTRY, LAUNCHER } = await import('./build.js');

// React (under the console's Ink UI) runs its production build unless told otherwise: about 10 % less CPU.
process.env.NODE_ENV ??= 'production';

// A `tux start` relaunched with V8 flags (see below) was checked by the process that launched it.
const state = process.env.TUX_RELAUNCHED === '1' ? 'fresh' : buildState();
if (state !== 'fresh') {
  const why = state === 'missing' ? 'there is no build in dist/ yet' : 'the sources changed since the last build';
  process.stderr.write(`tux: ${why}; building it now (npm run build)…\n`);
  const { build } = await import('./build.js');
  try {
    await build();
  } catch (err) {
    const missing = err && typeof err === 'object' && err.code === 'ERR_MODULE_NOT_FOUND';
    const hint = missing
      ? 'esbuild is not installed: run npm ci'
      : err && typeof err === 'object' && 'errors' in err
        ? 'fix the errors above, or run the sources directly with npm run dev'
        : `${err instanceof Error ? err.message : String(err)}; run npm run build to see why`;
    process.stderr.write(`tux: cannot build: ${hint}\n`);
    process.exit(1);
  }
}
// `tux start` may hand over to a child node process that runs with the V8 flags set in [performance].
const { launchWithNodeFlags } = await import(LAUNCHER);
const code = await launchWithNodeFlags();
if (code === null) await import(ENTRY);
else process.exitCode = code;
