// Preload for tests (`node --import ./test/cli/block-heavy-modules.mjs bin/tux.js …`): makes discord.js, ssh2 and
// the console UI's libraries (or only those named in TUX_TEST_BLOCK) impossible to import, so a command that loads
// them fails loudly. Packages the build bundles (discord.js) are blocked by the dist/ chunk that holds them, as
// listed in dist/build-stamp.json.
import { readFileSync } from 'node:fs';
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

// TUX_TEST_BLOCK=ssh2 blocks only the packages named there (a |-separated list).
const only = process.env.TUX_TEST_BLOCK;
const HEAVY = only
  ? new RegExp(`^(${only.replace(/[.]/g, '\\.')})$`)
  : /^(discord\.js|@discordjs\/.*|ssh2|ink|react|react\/.*|blessed|blessed-contrib)$/;
const root = new URL('../../', import.meta.url);
const chunks = {};
try {
  const stamp = JSON.parse(readFileSync(new URL('dist/build-stamp.json', root), 'utf8'));
  for (const [pkg, files] of Object.entries(stamp.bundled ?? {})) {
    if (!HEAVY.test(pkg)) continue;
    for (const f of files) chunks[pathToFileURL(new URL(f, root).pathname).href] = pkg;
  }
} catch {
  // No build yet: bin/tux.js builds it, and the packages are then blocked by name only.
}

const hooks = `
const HEAVY = ${HEAVY};
let chunks = {};
export function initialize(data) { chunks = data.chunks; }
const blocked = (what, parent) =>
  Object.assign(new Error('blocked import of ' + what + ' (from ' + parent + ')'), { code: 'ERR_TUX_BLOCKED_IMPORT' });
export async function resolve(specifier, context, next) {
  if (HEAVY.test(specifier)) throw blocked(specifier, context.parentURL);
  const r = await next(specifier, context);
  if (chunks[r.url]) throw blocked(chunks[r.url] + ' (bundled in ' + r.url + ')', context.parentURL);
  return r;
}
`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`, { data: { chunks } });
