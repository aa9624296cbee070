import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { configJsonSchema, renderConfigExample, renderJsonSchemaFile } from './config-artifacts.ts';
import { listKeys } from './key-meta.ts';
import { configSchema } from './schema.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('generated config files', () => {
  it('are up to date (run node --import tsx scripts/gen-config-artifacts.ts)', () => {
    expect(fs.readFileSync(path.join(root, 'config/tux.schema.json'), 'utf8')).toBe(renderJsonSchemaFile());
    expect(fs.readFileSync(path.join(root, 'tux.toml.example'), 'utf8')).toBe(renderConfigExample());
  });

  it('the example documents every key and, uncommented, is valid and equal to the defaults', () => {
    const example = renderConfigExample();
    for (const info of listKeys()) {
      expect(example).toContain(`# ${info.name} = `);
      expect(example).toContain(`env ${info.env}`);
    }
    const uncommented = example.replace(/^# (\w+ = .*)$/gm, '$1');
    expect(configSchema.parse(parse(uncommented))).toEqual(configSchema.parse({}));
  });

  it('the JSON Schema carries every key with description, apply mode, default and constraints', () => {
    const schema = configJsonSchema() as {
      properties: Record<string, { properties: Record<string, Record<string, unknown>> }>;
    };
    const port = schema.properties.ssh!.properties.port!;
    expect(port).toMatchObject({ type: 'integer', minimum: 1, maximum: 65535, default: 2222, apply: 'restart' });
    expect(schema.properties.bot!.properties.token).toMatchObject({ secret: true, apply: 'hot', type: 'string' });
    for (const info of listKeys()) {
      expect(schema.properties[info.section]!.properties[info.name]!.description).toBe(info.description);
    }
  });
});
