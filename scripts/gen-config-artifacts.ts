/**
 * Writes config/tux.schema.json and tux.toml.example from the config schema.
 * Run: node --import tsx scripts/gen-config-artifacts.ts   (add --check to only verify they are current)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderConfigExample, renderJsonSchemaFile } from '../src/core/config/config-artifacts.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const files: [string, string][] = [
  [path.join(root, 'config', 'tux.schema.json'), renderJsonSchemaFile()],
  [path.join(root, 'tux.toml.example'), renderConfigExample()],
];
const check = process.argv.includes('--check');
let stale = 0;
for (const [file, content] of files) {
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
  if (current === content) continue;
  if (check) {
    stale++;
    process.stderr.write(
      `${path.relative(root, file)} is out of date; run node --import tsx scripts/gen-config-artifacts.ts\n`,
    );
  } else {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    process.stdout.write(`wrote ${path.relative(root, file)}\n`);
  }
}
process.exitCode = stale ? 1 : 0;
