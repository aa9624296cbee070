/**
 * Music: plays links, radio streams, uploaded files, the data directory's music folder and (optionally) yt-dlp
 * sources in voice channels, through @discordjs/voice and ffmpeg in this process. Each guild's queue and player
 * state are kept in SQLite and resumed after a restart.
 */
import { GatewayIntentBits } from 'discord-api-types/v10';
import { type BotModule, defineEvent, defineModule } from '#discord/module.ts';
import { musicStatusOp } from './admin-ops.ts';
import { onMusicButton } from './buttons.ts';
import { musicCommands } from './commands.ts';
import { MusicManager } from './music-manager.ts';
import type { MusicService } from './service.ts';
import { musicSettingsSchema } from './settings.ts';

export { createMusicService, type MusicService } from './service.ts';

export function createMusicModule(opts: { service: MusicService; dataDir: string }): BotModule {
  let manager: MusicManager | null = null;
  const need = (): MusicManager => {
    if (!manager) throw new Error('the music module is not set up');
    return manager;
  };
  return defineModule({
    name: 'music',
    description: 'Play music in voice channels',
    config: musicSettingsSchema,
    intents: [GatewayIntentBits.GuildVoiceStates],
    commands: musicCommands({ manager: need, service: opts.service, dataDir: opts.dataDir }),
    adminOps: [musicStatusOp(() => manager)],
    events: [
      defineEvent({
        event: 'voiceStateUpdate',
        run: (_ctx, oldState, newState) => manager?.onVoiceState(oldState, newState),
      }),
      defineEvent({
        event: 'interactionCreate',
        run: (ctx, interaction) => onMusicButton({ manager, db: ctx.db, log: ctx.log }, interaction),
      }),
      defineEvent({
        event: 'clientReady',
        run: () => manager?.restore(),
      }),
    ],
    setup(ctx) {
      manager = new MusicManager(ctx, opts.service);
      if (ctx.discord.isReady()) void manager.restore();
      return () => {
        manager?.shutdown();
        manager = null;
      };
    },
  });
}
