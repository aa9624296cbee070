#!/usr/bin/env node
/**
 * The production build: esbuild bundles src/main.ts into dist/ as ES modules, split so that the parts a command
 * does not use (the Discord runtime, the SSH server, the console UI) are separate chunks loaded on demand.
 * Dependencies stay in node_modules. dist/build-stamp.json records a fingerprint of the sources (path, size and
 * modification time of every file under src/ and tui/, plus package.json, tsconfig.json and this script), so `tux`
 * can tell when the build is older than the sources, e.g. after a `git pull`.
 *
 *   node bin/build.js           build (npm run build; npm ci runs it as the prepare script)
 *   node bin/build.js --check   exit 1 if dist/ is missing or older than the sources
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = path.join(ROOT, 'dist');
export const ENTRY = path.join(DIST, 'main.js');
export const LAUNCHER = path.join(DIST, 'launcher.js');
const SOURCE_DIRS = ['src', 'tui'];
const EXTERNAL = [
  'better-sqlite3',
  'sharp',
  'koffi',
  'ssh2',
  'blessed',
  'blessed-contrib',
  'ink',
  'react',
  'react/*',
  'esbuild',
  'pino-pretty',
  // optional speed-ups that discord.js and ws load when installed
  'zlib-sync',
  'bufferutil',
  'utf-8-validate',
  'erlpack',
  // voice: a native DAVE binding, a wasm opus codec and packages they load at run time
  '@discordjs/voice',
  '@snazzah/davey',
  'prism-media',
  'opusscript',
];
// Bundled CommonJS code calls require(); ES modules have none.
const REQUIRE_SHIM =
  "import { createRequire as __tuxCreateRequire } from 'node:module'; const require = __tuxCreateRequire(import.meta.url);";
const SOURCE_FILES = ['package.json', 'tsconfig.json', 'bin/build.js'];

/** Fingerprint of the sources that go into the build, or null when this install has no sources (a shipped build). */
export function sourceFingerprint(root = ROOT) {
  if (!fs.existsSync(path.join(root, 'src', 'main.ts'))) return null;
  const lines = [];
  const add = (rel) => {
    const st = fs.statSync(path.join(root, rel));
    lines.push(`${rel}\t${st.size}\t${st.mtimeMs}`);
  };
  const walk = (rel) => {
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(child);
      else if (e.isFile() && !/\.test\.tsx?$/.test(e.name)) add(child);
    }
  };
  for (const dir of SOURCE_DIRS) if (fs.existsSync(path.join(root, dir))) walk(dir);
  for (const file of SOURCE_FILES) if (fs.existsSync(path.join(root, file))) add(file);
  lines.sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

/**
 * 'fresh': dist/ matches the sources (or there are no sources to compare with); 'missing': no build yet;
 * 'stale': the sources changed since the build.
 */
export function buildState(root = ROOT) {
  const dist = path.join(root, 'dist');
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(path.join(dist, 'build-stamp.json'), 'utf8'));
  } catch {
    return 'missing';
  }
  if (!fs.existsSync(path.join(dist, 'main.js')) || !fs.existsSync(path.join(dist, 'launcher.js'))) return 'missing';
  const current = sourceFingerprint(root);
  return current === null || current === stamp.sources ? 'fresh' : 'stale';
}

/** Which output files hold which bundled packages: { "discord.js": ["dist/chunks/chunk-X.js"], … }. */
function bundledPackages(metafile) {
  const where = {};
  for (const [out, info] of Object.entries(metafile.outputs)) {
    if (!out.endsWith('.js')) continue;
    for (const input of Object.keys(info.inputs)) {
      const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (!m) continue;
      where[m[1]] ??= [];
      if (!where[m[1]].includes(out)) where[m[1]].push(out);
    }
  }
  return where;
}

/**
 * The bundle's text with every non-ASCII character written as a \uXXXX escape (in comments, strings, regular
 * expressions and identifiers alike, where it means the same). V8 keeps each module's source in memory, two bytes
 * per character as soon as one character is outside Latin-1: a single "’" in a bundled library's comment doubled
 * the 3.7 MB Discord chunk to 7.3 MiB of heap. Columns on the lines changed shift in the source map.
 */
export function asciiSource(text) {
  // An odd run of backslashes before the character escapes it ("\é" is "é"): the escape takes the last one's place.
  return text.replace(/(\\*)([^\x00-\x7f])/g, (_, slashes, c) => {
    const kept = slashes.length % 2 === 1 ? slashes.slice(1) : slashes;
    return `${kept}\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** Writes a file by rename, so a process starting meanwhile never reads half of it. */
function writeAtomic(file, contents) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, contents);
  fs.renameSync(tmp, file);
}

/** The esbuild options of the production build, without entry points and output (tests bundle with them too). */
export function esbuildOptions(quiet = false) {
  return {
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Pure-JS dependencies are bundled (fewer files to read and compile at start); these stay in node_modules:
    // native addons, packages that require files by computed names, and the console UI's libraries.
    external: EXTERNAL,
    // Classes keep their names: discord.js picks each cache's limit by its manager's class name (UserManager…),
    // and a bundler that renames a class (UserManager2) silently leaves that cache unlimited.
    keepNames: true,
    banner: { js: REQUIRE_SHIM },
    tsconfig: 'tsconfig.json',
    sourcemap: true,
    legalComments: 'none',
    // V8 keeps each chunk's source text in memory for as long as the process runs: no comments or indentation.
    minifyWhitespace: true,
    logLevel: quiet ? 'silent' : 'warning',
  };
}

/**
 * Builds dist/. `clean` empties it first; without it (the automatic rebuild) chunks of the previous build stay,
 * because an appliance started from that build may still load them lazily. Chunk names carry a content hash, so
 * two builds at once write the same files. Throws on a build error (esbuild has printed it).
 */
export async function build({ root = ROOT, clean = false, quiet = false } = {}) {
  const sources = sourceFingerprint(root);
  if (sources === null) throw new Error(`no sources in ${root}/src to build from`);
  const esbuild = await import('esbuild');
  const dist = path.join(root, 'dist');
  if (clean) fs.rmSync(dist, { recursive: true, force: true });
  const started = performance.now();
  const result = await esbuild
    .build({
      ...esbuildOptions(quiet),
      absWorkingDir: root,
      entryPoints: { main: 'src/main.ts', launcher: 'src/cli/launcher.ts' },
      outdir: 'dist',
      write: false,
      metafile: true,
    })
    .finally(() => esbuild.stop()); // the esbuild service process would otherwise live as long as `tux` does
  for (const file of result.outputFiles) {
    writeAtomic(file.path, file.path.endsWith('.js') ? asciiSource(file.text) : file.contents);
  }
  const stamp = { sources, builtAt: new Date().toISOString(), bundled: bundledPackages(result.metafile) };
  writeAtomic(path.join(dist, 'build-stamp.json'), `${JSON.stringify(stamp, null, 1)}\n`);
  return { files: result.outputFiles.length, ms: Math.round(performance.now() - started) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const state = buildState();
    if (state !== 'fresh') process.stderr.write(`dist/ is ${state}: run npm run build\n`);
    process.exitCode = state === 'fresh' ? 0 : 1;
  } else if (sourceFingerprint() === null) {
    // An install without sources (a shipped build) has nothing to build; its dist/ is used as it is.
    process.stdout.write('no sources to build; using dist/ as shipped\n');
  } else {
    try {
      const r = await build({ clean: true });
      process.stdout.write(`built dist/ (${r.files} files) in ${r.ms} ms\n`);
    } catch (err) {
      if (!(err && typeof err === 'object' && 'errors' in err))
        process.stderr.write(`build failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    }
  }
}
