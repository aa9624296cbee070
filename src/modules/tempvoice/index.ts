/**
 * Temp voice: a member who joins the server's join-to-create voice channel gets a voice channel of their own — a
 * clone of it (category, permissions, bitrate, user limit) named from the server's template, `/tmp/{username}` by
 * default — and is moved into it. A temp channel is deleted as soon as it is empty; the ones left empty while the
 * appliance was down are removed at the next start, since the appliance keeps a list of them in SQLite.
 */
import { GatewayIntentBits } from 'discord-api-types/v10';
import { type BotModule, defineEvent, defineModule } from '#discord/module.ts';
import { tempVoiceAdminOps } from './admin-ops.ts';
import { tempVoiceCommands } from './commands.ts';
import { tempVoiceSettingsSchema } from './settings.ts';
import { MODULE, TempVoiceRuntime } from './temp-voice-runtime.ts';

export function createTempVoiceModule(): BotModule {
  const runtime = new TempVoiceRuntime();
  return defineModule({
    name: MODULE,
    description: 'Join-to-create voice channels, deleted when they empty',
    config: tempVoiceSettingsSchema,
    intents: [GatewayIntentBits.GuildVoiceStates],
    commands: tempVoiceCommands(runtime),
    adminOps: tempVoiceAdminOps(runtime),
    events: [
      defineEvent({
        event: 'voiceStateUpdate',
        async run(ctx, before, after) {
          if (before.channelId === after.channelId) return;
          const createId = runtime.settings(ctx, after.guild.id).channel;
          const store = runtime.storeFor(ctx.db);
          const joinedCreate = after.channelId !== null && after.channelId === createId;
          const leftTemp = before.channelId !== null && store.has(before.channelId);
          if (joinedCreate || leftTemp) await runtime.sync(ctx, after.guild);
        },
      }),
      defineEvent({
        event: 'channelDelete',
        run(ctx, channel) {
          const store = runtime.storeFor(ctx.db);
          if (store.has(channel.id)) store.remove(channel.id);
        },
      }),
      defineEvent({
        event: 'clientReady',
        async run(ctx) {
          await runtime.sweepAll(ctx);
        },
      }),
    ],
    setup(ctx) {
      runtime.ctx = ctx;
      // Switched on while connected: no READY will come, so sweep now.
      if (ctx.discord.isReady())
        void runtime.sweepAll(ctx).catch((err) => runtime.log(ctx).warn({ err }, 'temp voice sweep failed'));
      return () => {
        runtime.ctx = null;
      };
    },
  });
}
