/**
 * GIF limiter: per guild, a channel can allow only so many GIFs within a window, from everyone together and from
 * each member (counted in that channel only). A GIF over a limit is deleted with a notice that deletes itself.
 * Nothing is limited until a channel is given a limit (`giflimit user #channel 2`, or the console's giflimiter.set).
 */
import { GatewayIntentBits } from 'discord-api-types/v10';
import { type BotModule, defineModule } from '#discord/module.ts';
import { gifLimiterOps } from './admin-ops.ts';
import { gifLimitCommands } from './commands.ts';
import { GifCounter } from './gif-counter.ts';
import { createGifMessageHandler } from './gif-messages.ts';
import { gifLimiterSettingsSchema } from './settings.ts';

const SWEEP_EVERY_MS = 20_000;

export function createGifLimiterModule(): BotModule {
  const counter = new GifCounter();
  return defineModule({
    name: 'giflimiter',
    description: 'Limit GIFs per channel and per member in a channel within a window',
    config: gifLimiterSettingsSchema,
    intents: [GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
    commands: gifLimitCommands(counter),
    onMessage: createGifMessageHandler(counter),
    adminOps: gifLimiterOps(counter),
    setup() {
      const sweep = setInterval(() => counter.sweep(), SWEEP_EVERY_MS);
      sweep.unref?.();
      return () => clearInterval(sweep);
    },
  });
}
