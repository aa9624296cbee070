/**
 * Per-guild module settings, one way for every module: the module declares a zod object schema with defaults
 * (`config` on its definition); a guild stores only the keys it changed. Reads come from memory (every stored row
 * is loaded at start and kept in step with each write), so the message hot path never reads SQLite. Every change
 * is validated against the schema, written, audited and announced to listeners.
 */
import { EventEmitter } from 'node:events';
import { and, eq } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import type { AuditTrail } from '../audit/types.ts';
import { coerceString } from '../config/coerce-value.ts';
import { describeSchema, type KeyType, keyTypeOf, unwrapSchema } from '../config/key-meta.ts';
import { SECRET_MASK } from '../config/mask-secrets.ts';
import type { Db } from '../db/types.ts';
import type { Logger } from '../log/types.ts';
import { guildSettings } from './schema.ts';

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

/** One setting of a module, described for help, the console and error messages. */
export interface SettingInfo {
  key: string;
  description: string;
  type: KeyType;
  default: unknown;
  /** What a valid value looks like: "an integer 1–3600". */
  expected: string;
  /** A secret (an API key or token): never shown, logged or audited unmasked. Declared with `.meta({ secret: true })`. */
  secret: boolean;
}

/** Whether a setting's schema (or one it wraps) is marked `.meta({ secret: true })`. */
export function isSecretSchema(schema: z.ZodType): boolean {
  let s: z.ZodType | undefined = schema;
  for (let depth = 0; s && depth < 8; depth++) {
    if ((s.meta() as { secret?: unknown } | undefined)?.secret === true) return true;
    const def: { innerType?: z.ZodType } | undefined = (s as unknown as { def?: { innerType?: z.ZodType } }).def;
    s = def?.innerType;
  }
  return false;
}

/** A secret setting's value as it may be shown: masked when set, as is when unset. */
export function maskSetting(info: Pick<SettingInfo, 'secret'>, value: unknown): unknown {
  if (!info.secret || value === null || value === undefined || value === '') return value;
  return SECRET_MASK;
}

export interface SettingsChange {
  guildId: string;
  module: string;
  key: string | null;
  actor: string;
}

/** Where the settings service finds a module's schema. */
export interface SettingsSchemas {
  schemaOf(module: string): z.ZodType | undefined;
  names(): string[];
}

type Stored = Record<string, unknown>;

const ID_MENTION = /^<(?:@[!&]?|#)(\d{17,20})>$/;

/** "<@&123>", "<#123>", "<@!123>" → "123"; also inside "5:<@&123>". Other text unchanged. */
export function stripMentions(text: string): string {
  const whole = ID_MENTION.exec(text.trim());
  if (whole) return whole[1] as string;
  return text.replace(/<(?:@[!&]?|#)(\d{17,20})>/g, '$1');
}

function objectShape(schema: z.ZodType | undefined): Record<string, z.ZodType> | null {
  if (!schema) return null;
  const inner = unwrapSchema(schema);
  return inner instanceof z.ZodObject ? (inner.shape as Record<string, z.ZodType>) : null;
}

function issuesText(err: z.ZodError): string {
  return err.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

export class GuildSettings {
  /** "guild:module" -> the stored overrides; filled from SQLite once, then kept in step with writes. */
  private readonly stored = new Map<string, Stored>();
  /** "guild:module" -> parsed settings (defaults applied). */
  private readonly parsed = new LRUCache<string, Record<string, unknown>>({ max: 5000 });
  private readonly events = new EventEmitter();

  constructor(
    private readonly deps: {
      db: Db;
      audit: AuditTrail;
      log: Logger;
      schemas: SettingsSchemas;
      /** Told every stored secret setting's value, so the logs redact it. */
      redact?: (secret: string) => void;
    },
  ) {
    this.events.setMaxListeners(0);
    for (const row of deps.db.orm.select().from(guildSettings).all()) {
      try {
        this.stored.set(`${row.guildId}:${row.module}`, JSON.parse(row.value) as Stored);
      } catch {
        deps.log.warn({ guild: row.guildId, module: row.module }, 'unreadable stored settings; using defaults');
      }
    }
  }

  /** Keys of a module's settings with their descriptions and defaults; [] for a module without settings. */
  describe(module: string): SettingInfo[] {
    const schema = this.deps.schemas.schemaOf(module);
    const shape = objectShape(schema);
    if (!schema || !shape) return [];
    const defaults = schema.parse({}) as Record<string, unknown>;
    return Object.entries(shape).map(([key, s]) => ({
      key,
      description: s.description ?? unwrapSchema(s).description ?? '',
      type: keyTypeOf(s),
      default: defaults[key],
      expected: describeSchema(s),
      secret: isSecretSchema(s),
    }));
  }

  /** A copy of a guild's values with secret settings masked: what the console and Discord may show. */
  masked(module: string, values: Record<string, unknown>): Record<string, unknown> {
    const out = { ...values };
    for (const info of this.describe(module)) if (info.key in out) out[info.key] = maskSetting(info, out[info.key]);
    return out;
  }

  /** Modules that declare settings. */
  modules(): string[] {
    return this.deps.schemas.names().filter((m) => objectShape(this.deps.schemas.schemaOf(m)) !== null);
  }

  /** The guild's settings of a module, defaults applied. From memory. */
  get<T = Record<string, unknown>>(module: string, guildId: string): T {
    const cacheKey = `${guildId}:${module}`;
    const hit = this.parsed.get(cacheKey);
    if (hit) return hit as T;
    const schema = this.requireSchema(module);
    const stored = this.stored.get(cacheKey) ?? {};
    let value: Record<string, unknown>;
    const full = schema.safeParse(stored);
    if (full.success) value = full.data as Record<string, unknown>;
    else {
      // A stored key the schema no longer accepts falls back to its default instead of breaking the module.
      const kept: Stored = {};
      for (const [k, v] of Object.entries(stored)) {
        if (schema.safeParse({ [k]: v }).success) kept[k] = v;
      }
      value = schema.parse(kept) as Record<string, unknown>;
    }
    if (this.deps.redact) {
      // Stored secrets are handed to the log redactor before a module can use (and perhaps log) them.
      for (const info of this.describe(module)) {
        const v = value[info.key];
        if (info.secret && typeof v === 'string') this.deps.redact(v);
      }
    }
    this.parsed.set(cacheKey, value);
    return value as T;
  }

  /** Guilds that changed any setting of a module (from memory); the others have its defaults. */
  guildsWithSettings(module: string): string[] {
    const suffix = `:${module}`;
    return [...this.stored.keys()].filter((k) => k.endsWith(suffix)).map((k) => k.slice(0, -suffix.length));
  }

  /** Only the keys this guild changed (for the console's diff view). */
  overrides(module: string, guildId: string): Stored {
    return { ...(this.stored.get(`${guildId}:${module}`) ?? {}) };
  }

  /**
   * Sets one key. A string value is read as the key's type (numbers, booleans, comma-separated lists; mentions of
   * channels, roles and users become ids). Throws SettingsError naming the key and what it expects.
   */
  set(module: string, guildId: string, key: string, raw: unknown, actor: string): unknown {
    const info = this.infoOf(module, key);
    const value = typeof raw === 'string' ? this.coerce(info, raw) : raw;
    const schema = this.requireSchema(module);
    const next: Stored = { ...(this.stored.get(`${guildId}:${module}`) ?? {}), [key]: value };
    const parsed = schema.safeParse(next);
    if (!parsed.success) {
      // A module's own check (a refinement) gives the reason itself; the type it expects was met.
      const ownCheck = parsed.error.issues.every((i) => i.code === 'custom');
      throw new SettingsError(
        ownCheck
          ? `${module}.${key} was refused: ${parsed.error.issues.map((i) => i.message).join('; ')}`
          : `${module}.${key} must be ${info.expected} (${issuesText(parsed.error)})`,
      );
    }
    const before = this.get(module, guildId)[key];
    const stored = (parsed.data as Record<string, unknown>)[key];
    next[key] = stored;
    if (info.secret && typeof stored === 'string') this.deps.redact?.(stored);
    this.write(module, guildId, next, actor);
    this.deps.audit.record({
      actor,
      action: 'settings.set',
      target: `${module}@${guildId}`,
      details: { key, from: maskSetting(info, before) as never, to: maskSetting(info, stored) as never },
      outcome: 'ok',
    });
    this.events.emit('change', { guildId, module, key, actor } satisfies SettingsChange);
    return stored;
  }

  /** Back to the default: one key, or every key of the module when key is null. */
  reset(module: string, guildId: string, key: string | null, actor: string): void {
    if (key !== null) this.infoOf(module, key);
    else this.requireSchema(module);
    const next: Stored = { ...(this.stored.get(`${guildId}:${module}`) ?? {}) };
    if (key === null) for (const k of Object.keys(next)) delete next[k];
    else delete next[key];
    this.write(module, guildId, next, actor);
    this.deps.audit.record({
      actor,
      action: 'settings.reset',
      target: `${module}@${guildId}`,
      details: { key: key ?? '*' },
      outcome: 'ok',
    });
    this.events.emit('change', { guildId, module, key, actor } satisfies SettingsChange);
  }

  onChange(listener: (change: SettingsChange) => void): () => void {
    this.events.on('change', listener);
    return () => this.events.off('change', listener);
  }

  private write(module: string, guildId: string, next: Stored, actor: string): void {
    const now = Date.now();
    const value = JSON.stringify(next);
    const { orm } = this.deps.db;
    if (Object.keys(next).length === 0) {
      orm
        .delete(guildSettings)
        .where(and(eq(guildSettings.guildId, guildId), eq(guildSettings.module, module)))
        .run();
    } else {
      orm
        .insert(guildSettings)
        .values({ guildId, module, value, updatedAt: now, updatedBy: actor })
        .onConflictDoUpdate({
          target: [guildSettings.guildId, guildSettings.module],
          set: { value, updatedAt: now, updatedBy: actor },
        })
        .run();
    }
    const cacheKey = `${guildId}:${module}`;
    this.stored.set(cacheKey, next);
    this.parsed.delete(cacheKey);
  }

  private coerce(info: SettingInfo, raw: string): unknown {
    const text = raw.trim();
    if (info.type === 'string[]') {
      if (text === '' || text === '[]' || text.toLowerCase() === 'none') return [];
      return text
        .split(/[\s,]+/)
        .map((part) => stripMentions(part.trim()))
        .filter((part) => part.length > 0);
    }
    if (info.type === 'string' && text.toLowerCase() === 'none') return null;
    const value = coerceString({ type: info.type }, stripMentions(text));
    return value;
  }

  private requireSchema(module: string): z.ZodType {
    const schema = this.deps.schemas.schemaOf(module);
    if (!schema || !objectShape(schema)) {
      const known = this.modules().join(', ');
      throw new SettingsError(`module "${module}" has no settings (modules with settings: ${known || 'none'})`);
    }
    return schema;
  }

  private infoOf(module: string, key: string): SettingInfo {
    this.requireSchema(module);
    const info = this.describe(module).find((i) => i.key === key);
    if (!info) {
      const keys = this.describe(module)
        .map((i) => i.key)
        .join(', ');
      throw new SettingsError(`module "${module}" has no setting "${key}" (settings: ${keys})`);
    }
    return info;
  }
}
