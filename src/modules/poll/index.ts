/**
 * Polls: `/poll` with 2–9 options as keycap reactions (other reactions are removed), or Discord's native poll with
 * `native`. Poll bans from moderation cases are enforced.
 */
import { GatewayIntentBits } from 'discord-api-types/v10';
import { defineModule } from '#discord/module.ts';
import { pollCommand } from './poll-command.ts';
import { pollReactionGuard } from './poll-reactions.ts';

export function createPollModule() {
  return defineModule({
    name: 'poll',
    description: 'Reaction polls and native Discord polls; poll bans are enforced',
    intents: [GatewayIntentBits.GuildMessageReactions],
    commands: [pollCommand],
    events: [pollReactionGuard],
  });
}
