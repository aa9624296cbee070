/** Per-guild module settings from the console: list the keys of a module, read a guild's values, set or reset one. */
import { z } from 'zod';
import type { AdminContext } from '../admin-context.ts';
import { AdminError } from '../admin-errors.ts';
import { defineAdminOp } from '../define-op.ts';

const guildId = z.string().regex(/^\d{17,20}$/, 'a guild id is 17–20 digits');
const moduleName = z.string().min(1, 'give a module name');

function requireModule(ctx: AdminContext, name: string): void {
  const withSettings = ctx.settings.modules();
  if (!withSettings.includes(name)) {
    throw new AdminError(
      'not-found',
      `module "${name}" has no settings (modules with settings: ${withSettings.join(', ') || 'none'})`,
    );
  }
}

export const settingsListOp = defineAdminOp({
  name: 'settings.list',
  summary: 'Modules with per-guild settings, and the keys, defaults and meaning of each',
  role: 'viewer',
  audit: false,
  input: z.object({ module: moduleName.optional() }).strict(),
  run(ctx, input) {
    const names = input.module ? [input.module] : ctx.settings.modules();
    if (input.module) requireModule(ctx, input.module);
    return names.map((module) => ({ module, settings: ctx.settings.describe(module) }));
  },
});

export const settingsGetOp = defineAdminOp({
  name: 'settings.get',
  summary: "One guild's settings of a module (defaults applied), and which keys it changed",
  role: 'viewer',
  audit: false,
  input: z.object({ module: moduleName, guildId }).strict(),
  run(ctx, input) {
    requireModule(ctx, input.module);
    return {
      module: input.module,
      guildId: input.guildId,
      values: ctx.settings.masked(input.module, ctx.settings.get(input.module, input.guildId)),
      changed: Object.keys(ctx.settings.overrides(input.module, input.guildId)),
    };
  },
});

export const settingsSetOp = defineAdminOp({
  name: 'settings.set',
  summary: "Set one of a guild's module settings (validated against the module's schema)",
  role: 'operator',
  audit: true,
  input: z.object({ module: moduleName, guildId, key: z.string().min(1), value: z.unknown() }).strict(),
  target: (i) => `${i.module}.${i.key}@${i.guildId}`,
  // The value may be a secret (an API key); the settings service audits the change itself, masked.
  auditDetails: (i) => ({ module: i.module, guildId: i.guildId, key: i.key }),
  run(ctx, input, actor) {
    requireModule(ctx, input.module);
    try {
      const value = ctx.settings.set(input.module, input.guildId, input.key, input.value, actor.id);
      return { value: ctx.settings.masked(input.module, { [input.key]: value })[input.key] };
    } catch (err) {
      if (err instanceof Error && err.name === 'SettingsError') throw new AdminError('invalid-input', err.message);
      throw err;
    }
  },
});

export const settingsResetOp = defineAdminOp({
  name: 'settings.reset',
  summary: "Reset one of a guild's module settings (or all of them) to the default",
  role: 'operator',
  audit: true,
  input: z.object({ module: moduleName, guildId, key: z.string().min(1).optional() }).strict(),
  target: (i) => `${i.module}.${i.key ?? '*'}@${i.guildId}`,
  run(ctx, input, actor) {
    requireModule(ctx, input.module);
    try {
      ctx.settings.reset(input.module, input.guildId, input.key ?? null, actor.id);
    } catch (err) {
      if (err instanceof Error && err.name === 'SettingsError') throw new AdminError('invalid-input', err.message);
      throw err;
    }
    return {
      module: input.module,
      guildId: input.guildId,
      values: ctx.settings.masked(input.module, ctx.settings.get(input.module, input.guildId)),
    };
  },
});
