/** The console's view of temp voice: the temp channels that exist (`tempvoice.list`) and a sweep now (`tempvoice.sweep`). */
import { z } from 'zod';
import { AdminError } from '#admin/admin-errors.ts';
import { defineAdminOp } from '#admin/define-op.ts';
import type { TempVoiceRuntime } from './temp-voice-runtime.ts';

const guildId = z.string().regex(/^\d{17,20}$/, 'a guild id is 17–20 digits');

export function tempVoiceAdminOps(runtime: TempVoiceRuntime) {
  const list = defineAdminOp({
    name: 'tempvoice.list',
    summary: 'Temp voice channels the bot made (optionally of one guild)',
    role: 'viewer',
    audit: false,
    input: z.object({ guildId: guildId.optional() }).strict(),
    run: (ctx, input) => runtime.storeFor(ctx.db).list(input.guildId ?? null),
  });
  const sweep = defineAdminOp({
    name: 'tempvoice.sweep',
    summary: 'Delete empty temp voice channels now, in every guild',
    role: 'operator',
    audit: true,
    input: z.object({}).strict(),
    async run() {
      const bot = runtime.ctx;
      if (!bot) throw new AdminError('failed', 'the tempvoice module is not loaded');
      if (!bot.discord.isReady())
        throw new AdminError('failed', 'the bot is not connected to Discord; try again later');
      return runtime.sweepAll(bot);
    },
  });
  return [list, sweep];
}
