import { z } from 'zod';
import type { ModuleState } from '#core/modules/types.ts';
import { AdminError } from '../admin-errors.ts';
import { defineAdminOp } from '../define-op.ts';

const toggle = z
  .object({
    name: z.string().min(1, 'give a module name'),
    guildId: z
      .string()
      .regex(/^\d{17,20}$/, 'a guild id is 17–20 digits')
      .optional(),
  })
  .strict();

export const modulesListOp = defineAdminOp({
  name: 'modules.list',
  summary: 'Modules with their state and per-guild switches',
  role: 'viewer',
  audit: false,
  input: z.object({}).strict(),
  run: (ctx) => ctx.modules.list(),
});

function toggleOp(enabled: boolean) {
  return defineAdminOp({
    name: enabled ? 'modules.enable' : 'modules.disable',
    summary: enabled ? 'Enable a module, globally or for one guild' : 'Disable a module, globally or for one guild',
    role: 'operator',
    audit: true,
    input: toggle,
    target: (i) => (i.guildId ? `${i.name}@${i.guildId}` : i.name),
    // The operation's row is the only one: the module manager is told not to write its own.
    auditResult: (state: ModuleState) => ({
      details: { status: state.status, ...(state.error ? { error: state.error } : {}) },
      outcome: state.status === 'failed' ? 'failed' : 'ok',
    }),
    async run(ctx, { name, guildId }, actor) {
      if (!ctx.modules.list().some((m) => m.name === name)) {
        const known = ctx.modules
          .list()
          .map((m) => m.name)
          .join(', ');
        throw new AdminError('not-found', `no module "${name}" (modules: ${known || 'none'})`);
      }
      const opts = { actor: actor.id, audit: false, ...(guildId ? { guildId } : {}) };
      return enabled ? ctx.modules.enable(name, opts) : ctx.modules.disable(name, opts);
    },
  });
}

export const modulesEnableOp = toggleOp(true);
export const modulesDisableOp = toggleOp(false);
