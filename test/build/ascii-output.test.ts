/**
 * The build writes pure-ASCII JavaScript. V8 keeps every module's source text in memory, two bytes per character
 * once a single character is outside Latin-1 (a "’" in a bundled library's comment was enough): the Discord chunk
 * then took 7.3 MiB of heap instead of 3.6.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asciiSource, DIST } from '../../bin/build.js';

describe('the build output', () => {
  it('is ASCII in every chunk', () => {
    const files = [
      ...readdirSync(DIST).filter((f) => f.endsWith('.js')),
      ...readdirSync(join(DIST, 'chunks'))
        .filter((f) => f.endsWith('.js'))
        .map((f) => join('chunks', f)),
    ];
    expect(files.length).toBeGreaterThan(2);
    const offenders = files.filter((f) => /[^\x00-\x7f]/.test(readFileSync(join(DIST, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('escapes without changing what the code means', () => {
    const src = String.raw`const r = /^(Español|日本語|😀)$/u;
const a = '\é', b = '\\é', t = ${'`'}héllo ${'$'}{1 + 1} 😀${'`'}; // ’ a comment
[r.test('Español'), r.test('😀'), r.test('日本語'), a, b, t, t.length]`;
    const escaped = asciiSource(src);
    expect(escaped).not.toMatch(/[^\x00-\x7f]/);
    // biome-ignore lint/security/noGlobalEval: comparing what two versions of a source text evaluate to
    const indirectEval = eval;
    const run = (code: string) => indirectEval(code) as unknown[];
    expect(run(escaped)).toEqual(run(src));
    expect(run(src)).toEqual([true, true, true, 'é', '\\é', 'héllo 2 😀', 10]);
  });
});
