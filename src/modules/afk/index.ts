/**
 * AFK: `afk` marks you away (nickname "[AFK] name"), and people who mention you get a short notice that deletes
 * itself (at most once a minute per channel); chatting again after 10 s welcomes you back. `permafk` stays until
 * you toggle it; `self_timeout` times you out with an enforced AFK that ends on the durable scheduler.
 */
import { GatewayIntentBits } from 'discord-api-types/v10';
import { z } from 'zod';
import type { Job } from '#core/scheduler/types.ts';
import type { BotContext } from '#discord/context.ts';
import { type BotModule, defineEvent, defineModule } from '#discord/module.ts';
import { AFK_EXPIRE_JOB, type AfkDeps, clearAfk } from './afk-actions.ts';
import { createAfkMessageHandler } from './afk-messages.ts';
import { AfkStore } from './afk-store.ts';
import { afkCommands } from './commands.ts';

export const afkSettingsSchema = z.object({
  notice_seconds: z
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(30)
    .describe('How long a mention notice stays before it deletes itself'),
  notice_every_seconds: z
    .number()
    .int()
    .min(0)
    .max(3600)
    .default(60)
    .describe('At most one notice per AFK member and channel in this time'),
});

export function createAfkModule(): BotModule {
  let deps: AfkDeps | null = null;
  let ctxRef: BotContext | null = null;
  const need = (): AfkDeps => {
    if (!deps) throw new Error('the afk module is not ready');
    return deps;
  };
  const handler = { current: null as ReturnType<typeof createAfkMessageHandler> | null };
  return defineModule({
    name: 'afk',
    description: 'AFK notes, permanent AFK and self-timeouts',
    config: afkSettingsSchema,
    intents: [GatewayIntentBits.GuildMembers],
    commands: afkCommands(need),
    onMessage: (ctx, message, info) => handler.current?.(ctx, message, info),
    jobs: {
      [AFK_EXPIRE_JOB]: async (job) => {
        const { guildId, userId } = (job as Job<{ guildId: string; userId: string }>).payload;
        const d = need();
        const entry = d.store.get(guildId, userId);
        if (!entry?.until || entry.until > Date.now() + 1000) return;
        const guild = ctxRef?.discord.isReady() ? ctxRef.discord.client.guilds.cache.get(guildId) : undefined;
        const member = guild ? await guild.members.fetch(userId).catch(() => null) : null;
        await clearAfk(d, guildId, userId, member);
      },
    },
    events: [
      defineEvent({
        event: 'guildMemberUpdate',
        async run(_ctx, before, after) {
          // An enforced AFK ends with the timeout it came with.
          if (!deps || !before.communicationDisabledUntil || after.communicationDisabledUntil) return;
          if (deps.store.get(after.guild.id, after.id)?.enforced) await clearAfk(deps, after.guild.id, after.id, after);
        },
      }),
    ],
    setup(ctx) {
      ctxRef = ctx;
      deps = { store: new AfkStore(ctx.db), scheduler: ctx.scheduler };
      handler.current = createAfkMessageHandler(deps);
      return () => {
        deps = null;
        ctxRef = null;
        handler.current = null;
      };
    },
  });
}
