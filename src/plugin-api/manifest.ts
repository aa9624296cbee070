/**
 * A plugin's manifest: what the loader checks before any of the plugin's code runs. A folder plugin keeps it in
 * `plugin.json` (or under `"tux"` in its package.json); a bundled plugin passes it to definePlugin.
 */
import { GatewayIntentBits } from 'discord-api-types/v10';
import { z } from 'zod';
import { parseRange, parseVersion } from './semver.ts';

const ID = /^\d{17,20}$/;
const description = z.string().min(1, 'give a description').max(100, 'at most 100 characters');

/** One per-guild setting, declared as data so it is checked before the plugin runs. */
export const settingFieldSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('string'),
    description,
    default: z.string().nullable().default(null),
    maxLength: z.number().int().min(1).max(4000).default(200),
  }),
  z.strictObject({
    type: z.enum(['integer', 'number']),
    description,
    default: z.number(),
    min: z.number().optional(),
    max: z.number().optional(),
  }),
  /** An API key or token: stored per guild, never shown, logged or audited unmasked. Unset until given. */
  z.strictObject({
    type: z.literal('secret'),
    description,
    maxLength: z.number().int().min(1).max(4000).default(500),
  }),
  z.strictObject({ type: z.literal('boolean'), description, default: z.boolean() }),
  z.strictObject({
    type: z.literal('enum'),
    description,
    values: z.array(z.string().min(1)).min(1).max(25),
    default: z.string(),
  }),
  z.strictObject({ type: z.enum(['channel', 'role', 'user']), description }),
  z.strictObject({
    type: z.enum(['channels', 'roles', 'strings']),
    description,
    max: z.number().int().min(1).max(100).default(25),
  }),
]);

export type SettingField = z.input<typeof settingFieldSchema>;

const INTENTS = Object.keys(GatewayIntentBits).filter((k) => Number.isNaN(Number(k)));

export const manifestSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z][a-z0-9_-]{0,31}$/, 'a plugin name is lower case: a letter, then up to 31 of a-z 0-9 _ -'),
    version: z.string().refine((v) => parseVersion(v) !== null, 'a version is semantic: "1.0.0"'),
    description: description.default('A plugin'),
    /** The plugin API versions it supports, as a semver range ("^1.0.0"). */
    api: z.string().refine((r) => parseRange(r) !== null, 'the api range is a semver range such as "^1.0.0"'),
    /** The module file inside the plugin's folder (folder plugins only). */
    main: z
      .string()
      .regex(/^(?!\/)(?!.*\.\.)[\w./-]+\.m?js$/, 'main is a .js or .mjs file inside the plugin folder')
      .default('index.js'),
    settings: z
      .record(z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'a setting name is lower case a-z 0-9 _'), settingFieldSchema)
      .default({}),
    permissions: z
      .strictObject({
        /** Gateway intents its events need, by discord.js name ("GuildMembers"). */
        intents: z
          .array(z.string().refine((i) => INTENTS.includes(i), 'not a gateway intent name (e.g. "GuildMembers")'))
          .default([]),
        /** Whether it may make HTTP requests (through tux.web). */
        network: z.boolean().default(false),
      })
      .default({ intents: [], network: false }),
  })
  .superRefine((m, ctx) => {
    for (const [key, f] of Object.entries(m.settings)) {
      const bad = (message: string) => ctx.addIssue({ code: 'custom', path: ['settings', key, 'default'], message });
      if (f.type === 'enum' && !f.values.includes(f.default)) bad(`the default must be one of ${f.values.join(', ')}`);
      if ((f.type === 'integer' || f.type === 'number') && f.min !== undefined && f.default < f.min) bad('below min');
      if ((f.type === 'integer' || f.type === 'number') && f.max !== undefined && f.default > f.max) bad('above max');
      if (f.type === 'integer' && !Number.isInteger(f.default)) bad('not an integer');
    }
  });

export type PluginManifest = z.output<typeof manifestSchema>;
export type PluginManifestInput = z.input<typeof manifestSchema>;

/** Reads a manifest, or says in one line what is wrong with it. */
export function parseManifest(value: unknown): { ok: true; manifest: PluginManifest } | { ok: false; error: string } {
  const r = manifestSchema.safeParse(value);
  if (r.success) return { ok: true, manifest: r.data };
  const issue = r.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'manifest';
  return { ok: false, error: `${where}: ${issue?.message ?? 'invalid'}` };
}

/** The zod schema of a manifest's settings, as the per-guild settings store keeps them. */
export function settingsSchemaOf(settings: PluginManifest['settings']): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, f] of Object.entries(settings)) {
    let s: z.ZodType;
    switch (f.type) {
      case 'string':
        s = z.string().max(f.maxLength).nullable().default(f.default);
        break;
      case 'secret':
        s = z.string().min(1).max(f.maxLength).nullable().default(null);
        break;
      case 'integer':
      case 'number': {
        let n = f.type === 'integer' ? z.number().int() : z.number();
        if (f.min !== undefined) n = n.min(f.min);
        if (f.max !== undefined) n = n.max(f.max);
        s = n.default(f.default);
        break;
      }
      case 'boolean':
        s = z.boolean().default(f.default);
        break;
      case 'enum':
        s = z.enum(f.values as [string, ...string[]]).default(f.default);
        break;
      case 'channel':
      case 'role':
      case 'user':
        s = z.string().regex(ID, `give a ${f.type}`).nullable().default(null);
        break;
      case 'channels':
      case 'roles':
        s = z
          .array(z.string().regex(ID, `give ${f.type}`))
          .max(f.max)
          .default([]);
        break;
      case 'strings':
        s = z.array(z.string().min(1).max(200)).max(f.max).default([]);
        break;
    }
    shape[key] = f.type === 'secret' ? s.meta({ description: f.description, secret: true }) : s.describe(f.description);
  }
  return z.object(shape);
}

export function intentBits(names: readonly string[]): GatewayIntentBits[] {
  return names.map((n) => GatewayIntentBits[n as keyof typeof GatewayIntentBits]);
}
