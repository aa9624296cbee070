/**
 * The production bundle keeps discord.js's cache limits. discord.js picks each cache's limit by its manager's class
 * name; a bundle that renames classes (UserManager → UserManager2) leaves those caches unlimited, e.g. every user
 * of a 10,000-member guild kept although the user cache holds 5,000.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { esbuildOptions, ROOT } from '../../bin/build.js';

const out = mkdtempSync(join(ROOT, 'node_modules', '.tux-test-bundle-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

it('bundled, the Discord client still limits the user and message caches', async () => {
  const esbuild = await import('esbuild');
  await esbuild
    .build({
      ...esbuildOptions(true),
      absWorkingDir: ROOT,
      entryPoints: { entry: fileURLToPath(new URL('./cache-limits-entry.ts', import.meta.url)) },
      outdir: out,
      sourcemap: false,
    })
    .finally(() => esbuild.stop());
  const r = spawnSync(process.execPath, [join(out, 'entry.js')], { encoding: 'utf8', cwd: tmpdir(), timeout: 60_000 });
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout)).toEqual({
    users: 1500,
    usersClass: 'UserManager',
    messages: 20,
    messagesClass: 'BudgetedCache',
  });
}, 120_000);
