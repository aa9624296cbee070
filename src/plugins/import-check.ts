/**
 * The rule for bundled plugins: a file in `src/plugins/<name>/` imports only its own folder, `src/plugin-api`,
 * Node built-ins and the npm packages Tux depends on, never Tux's internals (`#core/...`, `../../discord/...`).
 */
import fs from 'node:fs';
import path from 'node:path';

const SPECIFIER =
  /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

export interface ImportViolation {
  file: string;
  specifier: string;
}

/** `root` holds src/plugins, src/plugin-api and package.json. */
export function pluginImportViolations(root: string): ImportViolation[] {
  const pluginsDir = path.join(root, 'src', 'plugins');
  const apiDir = path.join(root, 'src', 'plugin-api');
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const deps = new Set(Object.keys(pkg.dependencies ?? {}));
  const inside = (file: string, dir: string) => file === dir || file.startsWith(dir + path.sep);
  const out: ImportViolation[] = [];
  const files = fs
    .readdirSync(pluginsDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|tsx|js|mjs)$/.test(f) && !/\.test\.ts$/.test(f) && f !== 'import-check.ts');
  for (const rel of files) {
    const file = path.join(pluginsDir, rel);
    const own = rel.includes(path.sep) ? path.join(pluginsDir, rel.split(path.sep)[0] as string) : pluginsDir;
    for (const m of fs.readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
      const spec = (m[1] ?? m[2]) as string;
      let ok: boolean;
      if (spec.startsWith('node:')) ok = true;
      else if (spec.startsWith('.')) {
        const target = path.resolve(path.dirname(file), spec);
        ok = inside(target, own) || inside(target, apiDir);
      } else if (spec.startsWith('#') || spec.startsWith('/')) ok = false;
      else {
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] as string);
        ok = deps.has(name);
      }
      if (!ok) out.push({ file: path.relative(root, file), specifier: spec });
    }
  }
  return out;
}
