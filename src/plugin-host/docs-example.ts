/** The example plugin of docs/plugins.md, read from the page itself so the documentation is what the tests load. */
import fs from 'node:fs';
import path from 'node:path';

/** The files of the page's complete example: name -> content. */
export function docsExampleFiles(): Record<string, string> {
  const page = fs.readFileSync(path.join(import.meta.dirname, '../../docs/plugins.md'), 'utf8');
  const files: Record<string, string> = {};
  for (const m of page.matchAll(/```\w+ title="([^"]+)"\n([\s\S]*?)```/g)) files[m[1] as string] = m[2] as string;
  return files;
}

/** Writes a plugin folder under `<pluginsDir>/<folder>`. */
export function writePlugin(pluginsDir: string, folder: string, files: Record<string, string>): string {
  const dir = path.join(pluginsDir, folder);
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}
