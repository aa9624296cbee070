/**
 * The directory Tux is installed in (the one holding its package.json, migrations/ and config/). Found by walking
 * up from this file, so it is the same whether the code runs from the TypeScript sources (src/core/) or from the
 * build (dist/), and never depends on the working directory.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function appRoot(): string {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'migrations'))) {
      cached = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find Tux's install directory above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}
