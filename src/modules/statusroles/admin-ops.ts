/** The console's view of status roles: a guild's mappings (`statusroles.list`) and a sweep now (`statusroles.sweep`). */
import { z } from 'zod';
import { AdminError } from '#admin/admin-errors.ts';
import { defineAdminOp } from '#admin/define-op.ts';
import type { StatusRolesSettings } from './settings.ts';
import { MODULE, type StatusRolesRuntime } from './status-roles-runtime.ts';

const guildId = z.string().regex(/^\d{17,20}$/, 'a guild id is 17–20 digits');

export function statusRolesAdminOps(runtime: StatusRolesRuntime) {
  const list = defineAdminOp({
    name: 'statusroles.list',
    summary: 'Status roles (role and regex) of every guild, or of one',
    role: 'viewer',
    audit: false,
    input: z.object({ guildId: guildId.optional() }).strict(),
    run(ctx, input) {
      const ids = input.guildId ? [input.guildId] : ctx.settings.guildsWithSettings(MODULE);
      return ids.flatMap((id) =>
        ctx.settings.get<StatusRolesSettings>(MODULE, id).mappings.map((m) => ({ guildId: id, ...m })),
      );
    },
  });
  const sweep = defineAdminOp({
    name: 'statusroles.sweep',
    summary: 'Check every member’s custom status against the status roles now (progress in the log)',
    role: 'operator',
    audit: true,
    input: z.object({}).strict(),
    async run() {
      const bot = runtime.ctx;
      if (!bot) throw new AdminError('failed', 'the statusroles module is not loaded');
      if (!bot.discord.isReady())
        throw new AdminError('failed', 'the bot is not connected to Discord; try again later');
      return runtime.sweepAll(bot);
    },
  });
  return [list, sweep];
}
