/**
 * Bookmarks: react 🔖 to a message and the bot DMs you a copy with its images; react 🗑️ on that DM to delete it.
 * When your DMs are closed the bot says so in the channel.
 */
import { GatewayIntentBits } from 'discord-api-types/v10';
import { defineModule } from '#discord/module.ts';
import { bookmarkReaction } from './bookmark-events.ts';

export function createBookmarksModule() {
  return defineModule({
    name: 'bookmarks',
    description: 'React 🔖 to get a message in your DMs; 🗑️ on the DM deletes it',
    intents: [
      GatewayIntentBits.GuildMessageReactions,
      GatewayIntentBits.DirectMessageReactions,
      GatewayIntentBits.DirectMessages,
    ],
    events: [bookmarkReaction],
  });
}
