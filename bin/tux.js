#!/usr/bin/env node
// Entry point of the `tux` command: loads the TypeScript sources through tsx, so no build step is needed.
// The project's tsconfig is named explicitly: tux may run from any directory (its data and config live there).
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

// React (under the console's Ink UI) runs its production build unless told otherwise: about 10 % less CPU.
process.env.NODE_ENV ??= 'production';
register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('../src/main.ts');
