/** The import rules of the layers: the admin layer knows no feature module; the Discord runtime not the console. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return fs
    .readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => path.join(root, dir, f));
}

function importersOf(dir: string, forbidden: RegExp): string[] {
  return sources(dir).filter((file) => forbidden.test(fs.readFileSync(file, 'utf8')));
}

describe('layering', () => {
  it('src/admin imports no module', () => {
    expect(importersOf('admin', /from '(#modules\/|\.\.\/modules\/)/)).toEqual([]);
  });

  it('src/discord imports nothing from src/admin', () => {
    expect(importersOf('discord', /from '(#admin\/|\.\.\/admin\/)/)).toEqual([]);
  });

  it('src/core imports neither Discord nor admin nor modules', () => {
    expect(importersOf('core', /from '(#discord\/|#admin\/|#modules\/|discord\.js)/)).toEqual([]);
  });
});
