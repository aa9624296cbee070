/** Bundled plugins import only the plugin API; the check is shown to catch a plugin that reaches into src/. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pluginImportViolations } from './import-check.ts';

const root = path.join(import.meta.dirname, '..', '..');
let tmp: string | null = null;
afterEach(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  tmp = null;
});

function tree(files: Record<string, string>): string {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tux-plugin-imports-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(tmp, name)), { recursive: true });
    fs.writeFileSync(path.join(tmp, name), content);
  }
  return tmp;
}

describe('bundled plugin imports', () => {
  it('every bundled plugin imports only src/plugin-api, its own folder, node: and dependencies', () => {
    expect(pluginImportViolations(root)).toEqual([]);
  });

  it('fails a plugin that imports Tux internals or another plugin', () => {
    const dir = tree({
      'package.json': JSON.stringify({ dependencies: { sharp: '1', zod: '4' }, devDependencies: { vitest: '4' } }),
      'src/plugin-api/index.ts': 'export const x = 1;',
      'src/plugins/index.ts': "import good from './good/index.ts';\nexport default [good];",
      'src/plugins/good/index.ts': [
        "import { definePlugin } from '../../plugin-api/index.ts';",
        "import type { z } from 'zod';",
        "import sharp from 'sharp';",
        "import fs from 'node:fs';",
        "import { helper } from './helper.ts';",
      ].join('\n'),
      'src/plugins/good/helper.ts': 'export const helper = 1;',
      'src/plugins/bad/index.ts': [
        "import { definePlugin } from '../../plugin-api/index.ts';",
        "import { openDb } from '#core/db/index.ts';",
        "import type { BotContext } from '../../discord/context.ts';",
        "export { helper } from '../good/helper.ts';",
        "const later = await import('../../app.ts');",
        "import { expect } from 'vitest';",
      ].join('\n'),
    });
    expect(pluginImportViolations(dir)).toEqual([
      { file: 'src/plugins/bad/index.ts', specifier: '#core/db/index.ts' },
      { file: 'src/plugins/bad/index.ts', specifier: '../../discord/context.ts' },
      { file: 'src/plugins/bad/index.ts', specifier: '../good/helper.ts' },
      { file: 'src/plugins/bad/index.ts', specifier: '../../app.ts' },
      { file: 'src/plugins/bad/index.ts', specifier: 'vitest' },
    ]);
  });
});
