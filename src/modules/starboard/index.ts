/**
 * Starboard: a message that gets enough stars (the author's own excluded) is reposted to the starboard channel;
 * the post follows the count and goes when it drops below the threshold. Exactly one post per message even under
 * a burst of reactions; unicode or the server's own emoji; age-restricted channels left out unless allowed.
 */
import { GatewayIntentBits } from 'discord-api-types/v10';
import { type BotModule, defineEvent, defineModule } from '#discord/module.ts';
import { starboardCommands } from './commands.ts';
import { CoalescingLock } from './keyed-lock.ts';
import { starboardSettingsSchema } from './settings.ts';
import { syncStarboard } from './starboard-sync.ts';

export function createStarboardModule(): BotModule {
  const lock = new CoalescingLock();
  const onReaction = defineEvent({
    event: 'messageReactionAdd',
    run: (ctx, reaction) => lock.run(reaction.message.id, () => syncStarboard(ctx, reaction.message)),
  });
  return defineModule({
    name: 'starboard',
    description: 'Repost messages that get enough stars',
    config: starboardSettingsSchema,
    intents: [GatewayIntentBits.GuildMessageReactions],
    commands: starboardCommands,
    events: [
      onReaction,
      defineEvent({
        event: 'messageReactionRemove',
        run: (ctx, reaction) => lock.run(reaction.message.id, () => syncStarboard(ctx, reaction.message)),
      }),
      defineEvent({
        event: 'messageReactionRemoveAll',
        run: (ctx, message) => lock.run(message.id, () => syncStarboard(ctx, message)),
      }),
      defineEvent({
        event: 'messageReactionRemoveEmoji',
        run: (ctx, reaction) => lock.run(reaction.message.id, () => syncStarboard(ctx, reaction.message)),
      }),
    ],
  });
}
