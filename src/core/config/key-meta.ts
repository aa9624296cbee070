/**
 * Reads the config schema as a table of keys: type, default, description, hot/restart, secret and the environment
 * variable that overrides each one. The loader, error messages, the CLI, the generated example file and the admin
 * console's config tree all use this table, so they cannot disagree with the schema.
 */
import { z } from 'zod';
import { type ApplyMode, configSchema, type KeyMeta } from './schema.ts';

/** The shape of a key's value, as far as parsing a string (env, CLI) and describing it need. */
export type KeyType = 'string' | 'integer' | 'number' | 'boolean' | 'enum' | 'string[]' | 'object[]';

export interface KeyInfo {
  /** Dotted key: "ssh.port". */
  key: string;
  section: string;
  name: string;
  description: string;
  apply: ApplyMode;
  secret: boolean;
  type: KeyType;
  default: unknown;
  /** What a valid value looks like: "an integer 1–65535". */
  expected: string;
  /** The environment variable that overrides this key: "TUX_SSH_PORT". */
  env: string;
  /** Allowed values of an enum key. */
  options?: string[];
  /** The field's own schema (defaults included), for validating one value. */
  schema: z.ZodType;
}

interface SchemaDef {
  type: string;
  innerType?: z.ZodType;
  element?: z.ZodType;
}

function defOf(schema: z.ZodType): SchemaDef {
  return schema._zod.def as unknown as SchemaDef;
}

/** Strips default/prefault/optional wrappers down to the schema that checks the value. */
export function unwrapSchema(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (def.innerType && ['default', 'prefault', 'optional', 'nullable', 'readonly'].includes(def.type)) {
      current = def.innerType;
    } else {
      return current;
    }
  }
}

function range(min: number | null | undefined, max: number | null | undefined, unit = ''): string {
  const lo = min !== null && min !== undefined && Number.isFinite(min) && min > Number.MIN_SAFE_INTEGER ? min : null;
  const hi = max !== null && max !== undefined && Number.isFinite(max) && max < Number.MAX_SAFE_INTEGER ? max : null;
  if (lo !== null && hi !== null) return ` ${lo}–${hi}${unit}`;
  if (lo !== null) return ` of at least ${lo}${unit}`;
  if (hi !== null) return ` of at most ${hi}${unit}`;
  return '';
}

/** Describes what a schema accepts, in words: "an integer 1–65535", "true or false". */
export function describeSchema(schema: z.ZodType): string {
  const inner = unwrapSchema(schema);
  if (inner instanceof z.ZodNumber) {
    return `${inner.isInt ? 'an integer' : 'a number'}${range(inner.minValue, inner.maxValue)}`;
  }
  if (inner instanceof z.ZodBoolean) return 'true or false';
  if (inner instanceof z.ZodEnum) {
    return `one of ${inner.options.map((o) => JSON.stringify(o)).join(', ')}`;
  }
  if (inner instanceof z.ZodString) {
    if (inner.format === 'url') return 'a URL';
    const { minLength, maxLength } = inner;
    if (minLength === 1 && maxLength === null) return 'a non-empty string';
    const r = range(minLength, maxLength, ' characters');
    return r ? `a string of${r.startsWith(' of') ? r.slice(3) : r}` : 'a string';
  }
  if (inner instanceof z.ZodArray) {
    const element = describeSchema(inner.element as z.ZodType);
    return `a list of ${element.replace(/^an? /, '')} values`;
  }
  if (inner instanceof z.ZodObject) return 'a table';
  return `a ${defOf(inner).type}`;
}

/** The kind of value a schema takes, as the console and `config set` parse it. */
export function keyTypeOf(schema: z.ZodType): KeyType {
  const inner = unwrapSchema(schema);
  if (inner instanceof z.ZodNumber) return inner.isInt ? 'integer' : 'number';
  if (inner instanceof z.ZodBoolean) return 'boolean';
  if (inner instanceof z.ZodEnum) return 'enum';
  if (inner instanceof z.ZodArray) {
    return unwrapSchema(inner.element as z.ZodType) instanceof z.ZodObject ? 'object[]' : 'string[]';
  }
  return 'string';
}

function sectionShape(section: string): Record<string, z.ZodType> {
  const schema = (configSchema.shape as Record<string, z.ZodType>)[section];
  if (!schema) return {};
  const inner = unwrapSchema(schema);
  return inner instanceof z.ZodObject ? (inner.shape as Record<string, z.ZodType>) : {};
}

function buildTable(): Map<string, KeyInfo> {
  const defaults = configSchema.parse({}) as Record<string, Record<string, unknown>>;
  const table = new Map<string, KeyInfo>();
  for (const section of Object.keys(configSchema.shape)) {
    for (const [name, schema] of Object.entries(sectionShape(section))) {
      const meta = (schema.meta() ?? {}) as Partial<KeyMeta>;
      const inner = unwrapSchema(schema);
      const info: KeyInfo = {
        key: `${section}.${name}`,
        section,
        name,
        description: meta.description ?? '',
        apply: meta.apply ?? 'restart',
        secret: meta.secret === true,
        type: keyTypeOf(schema),
        default: defaults[section]?.[name],
        expected: meta.expected ?? describeSchema(schema),
        env: `TUX_${section}_${name}`.toUpperCase(),
        schema,
      };
      if (inner instanceof z.ZodEnum) info.options = inner.options.map(String);
      table.set(info.key, info);
    }
  }
  return table;
}

let table: Map<string, KeyInfo> | undefined;

function keyTable(): Map<string, KeyInfo> {
  // Built on first use (the schema is a module constant, so this is a cache, not state).
  table ??= buildTable();
  return table;
}

/** Every config key with its metadata, in schema order (sections, then keys). */
export function listKeys(): KeyInfo[] {
  return [...keyTable().values()];
}

/** The section names of tux.toml, in schema order. */
export function listSections(): string[] {
  return Object.keys(configSchema.shape);
}

/** Metadata of one dotted key, or undefined when the schema has no such key. */
export function keyMeta(key: string): KeyInfo | undefined {
  return keyTable().get(key);
}
