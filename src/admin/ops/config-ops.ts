import { z } from 'zod';
import { coerceString } from '#core/config/coerce-value.ts';
import { showValue, suggestKey } from '#core/config/config-error.ts';
import { type KeyInfo, keyMeta, listKeys } from '#core/config/key-meta.ts';
import { maskValue as maskSecret } from '#core/config/mask-secrets.ts';
import type { AdminContext } from '../admin-context.ts';
import { AdminError } from '../admin-errors.ts';
import { defineAdminOp } from '../define-op.ts';

/** A key's value as it may be shown: secrets masked when set. */
export function maskValue(info: Pick<KeyInfo, 'secret'>, value: unknown): unknown {
  return info.secret ? maskSecret(value) : value;
}

function requireKey(key: string): KeyInfo {
  const info = keyMeta(key);
  if (!info) throw new AdminError('not-found', `unknown config key "${key}"${suggestKey(key)}`);
  return info;
}

/** Coerces (a string from a form or command line) and validates one value against its key's schema. */
export function checkConfigValue(
  key: string,
  value: unknown,
): { ok: true; value: unknown; info: KeyInfo } | { ok: false; message: string; info: KeyInfo } {
  const info = requireKey(key);
  const coerced = typeof value === 'string' ? coerceString(info, value) : value;
  const result = info.schema.safeParse(coerced);
  if (result.success) return { ok: true, value: result.data, info };
  const shown = info.secret ? 'a hidden value' : showValue(typeof value === 'string' ? value : coerced);
  return { ok: false, message: `${key} must be ${info.expected} (got ${shown})`, info };
}

function entry(ctx: AdminContext, info: KeyInfo, overridden: Set<string>) {
  return {
    key: info.key,
    section: info.section,
    value: maskValue(info, ctx.config.get(info.key)),
    default: maskValue(info, info.default),
    description: info.description,
    apply: info.apply,
    secret: info.secret,
    type: info.type,
    expected: info.expected,
    env: info.env,
    options: info.options ?? null,
    overriddenByEnv: overridden.has(info.key),
    /** The variable in effect for this key (TUX_BOT_TOKEN, or DISCORD_TOKEN), when one is set. */
    envVariable: ctx.config.envVariable(info.key) ?? null,
  };
}

export type ConfigEntry = ReturnType<typeof entry>;

const keyValue = z.object({ key: z.string().min(1, 'give a config key like ssh.port'), value: z.unknown() }).strict();

export const configGetOp = defineAdminOp({
  name: 'config.get',
  summary: 'Config keys with values (secrets masked), descriptions and how changes apply',
  role: 'viewer',
  audit: false,
  input: z.object({ key: z.string().min(1).optional() }).strict(),
  run(ctx, { key }) {
    const overridden = new Set(ctx.config.envOverrides());
    const keys = key ? [requireKey(key)] : listKeys();
    return { version: ctx.config.version(), path: ctx.config.path, keys: keys.map((k) => entry(ctx, k, overridden)) };
  },
});

export const configValidateOp = defineAdminOp({
  name: 'config.validate',
  summary: 'Check a value for a key without saving it',
  role: 'viewer',
  audit: false,
  input: keyValue,
  run(_ctx, { key, value }) {
    const r = checkConfigValue(key, value);
    return r.ok
      ? { ok: true as const, key, value: maskValue(r.info, r.value), apply: r.info.apply }
      : { ok: false as const, key, error: r.message };
  },
});

export const configDiffOp = defineAdminOp({
  name: 'config.diff',
  summary: 'What saving a value would change',
  role: 'viewer',
  audit: false,
  input: keyValue,
  run(ctx, { key, value }) {
    const r = checkConfigValue(key, value);
    if (!r.ok) throw new AdminError('invalid-input', r.message);
    const before = ctx.config.get(key);
    const changed = JSON.stringify(before) !== JSON.stringify(r.value);
    return {
      key,
      before: maskValue(r.info, before),
      after: maskValue(r.info, r.value),
      changed,
      apply: r.info.apply,
      overriddenByEnv: ctx.config.envOverrides().includes(key),
      version: ctx.config.version(),
    };
  },
});

export const configSetOp = defineAdminOp({
  name: 'config.set',
  summary: 'Validate and save a config value (atomic; refused if the config changed since expectedVersion)',
  role: 'admin',
  audit: true,
  input: keyValue.extend({ expectedVersion: z.number().int().nonnegative().optional() }),
  target: (i) => i.key,
  auditDetails(i) {
    const info = keyMeta(i.key);
    return { key: i.key, value: info ? maskValue(info, i.value) : '(unknown key)', expectedVersion: i.expectedVersion };
  },
  async run(ctx, { key, value, expectedVersion }) {
    const r = checkConfigValue(key, value);
    if (!r.ok) throw new AdminError('invalid-input', r.message);
    if (expectedVersion !== undefined && ctx.config.version() !== expectedVersion) {
      throw new AdminError(
        'conflict',
        `the config changed since you loaded it (version ${expectedVersion}, now ${ctx.config.version()}); reload and try again`,
      );
    }
    try {
      const result = await ctx.config.set(key, r.value, expectedVersion === undefined ? {} : { expectedVersion });
      return {
        key,
        changes: result.changes,
        restartRequired: result.restartRequired,
        overriddenByEnv: ctx.config.envOverrides().includes(key),
        /** The variable that overrides the key (the saved value is not in effect while it is set). */
        envVariable: result.envOverride ?? null,
        version: ctx.config.version(),
      };
    } catch (err) {
      const msg = (err as Error).message;
      if (/version|conflict|changed since/i.test(msg)) throw new AdminError('conflict', msg);
      if ((err as Error).name === 'ConfigError') throw new AdminError('invalid-input', msg);
      throw err;
    }
  },
});
