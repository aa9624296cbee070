/**
 * The files generated from the schema: the JSON Schema of tux.toml (for editors and `tux config schema`) and
 * tux.toml.example (every key commented with its description, default and when a change applies).
 * scripts/gen-config-artifacts.ts writes them; a test checks the committed copies are current.
 */
import { z } from 'zod';
import { listKeys, listSections } from './key-meta.ts';
import { configSchema } from './schema.ts';
import { renderTomlValue } from './toml-edit.ts';

/** JSON Schema (draft 2020-12) of tux.toml as written by an admin: every key optional, defaults shown. */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    title: 'tux.toml',
    description:
      'Configuration of the Tux appliance. Every key is optional; TUX_<SECTION>_<KEY> variables override it.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}

export function renderJsonSchemaFile(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** tux.toml.example: sections present, every key commented out at its default so copying it changes nothing. */
export function renderConfigExample(): string {
  const out = [
    '# tux.toml: configuration of the Tux appliance.',
    '#',
    '# Every key is optional: a missing key (or a missing file) uses the default shown here. Uncomment a line to',
    '# change it. Each key can also be set with an environment variable TUX_<SECTION>_<KEY> (shown per key), which',
    '# wins over this file. "hot" keys apply at once when the file is saved; "restart" keys need a restart.',
    '# Check a file with `tux config check`; change one key safely with `tux config set KEY VALUE`.',
    '#',
    '# Generated from src/core/config/schema.ts by scripts/gen-config-artifacts.ts; do not edit by hand.',
  ];
  const keys = listKeys();
  for (const section of listSections()) {
    out.push('', `[${section}]`);
    for (const info of keys.filter((k) => k.section === section)) {
      out.push('');
      for (const line of wrap(info.description, 110)) out.push(`# ${line}`);
      const notes = [
        `Type: ${info.expected}`,
        info.apply === 'hot' ? 'applies at once' : 'needs a restart',
        `env ${info.env}`,
      ];
      if (info.secret) notes.push('secret: keep this file private (mode 0600)');
      out.push(`# ${notes.join(' · ')}`);
      out.push(`# ${info.name} = ${renderTomlValue(info.default)}`);
    }
  }
  return `${out.join('\n')}\n`;
}
