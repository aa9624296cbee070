/**
 * flagremover: removes flag reactions (country and subdivision flags, custom "flag" emoji, and a server's own list)
 * that members add in the channels a server chose, and in threads of those channels. Off until channels are set.
 */
import { definePlugin, onEvent } from '../../plugin-api/index.ts';
import { isFlagEmoji } from './flags.ts';

interface FlagremoverSettings {
  channels: string[];
  extra_emojis: string[];
  custom_flag_names: boolean;
}

export default definePlugin<FlagremoverSettings>({
  manifest: {
    name: 'flagremover',
    version: '1.0.0',
    description: 'Remove flag reactions in chosen channels',
    api: '^1.0.0',
    settings: {
      channels: { type: 'channels', description: 'Channels where flag reactions are removed (none: off)', max: 50 },
      extra_emojis: { type: 'strings', description: 'More emoji to remove there (unicode, or a custom emoji name)' },
      custom_flag_names: {
        type: 'boolean',
        description: 'Also remove custom emoji with "flag" in their name',
        default: true,
      },
    },
    permissions: { intents: ['GuildMessageReactions'], network: false },
  },
  create(tux) {
    return {
      events: [
        onEvent('messageReactionAdd', async (reaction, user) => {
          const message = reaction.message;
          if (user.bot || !message.guildId) return;
          const settings = tux.settings(message.guildId);
          if (settings.channels.length === 0) return;
          const channel = message.channel;
          const parentId = channel.isThread() ? channel.parentId : null;
          if (!settings.channels.includes(message.channelId) && !(parentId && settings.channels.includes(parentId))) {
            return;
          }
          const rules = { customNamedFlag: settings.custom_flag_names, extra: settings.extra_emojis };
          if (!isFlagEmoji({ id: reaction.emoji.id, name: reaction.emoji.name }, rules)) return;
          await reaction.users.remove(user.id);
          tux.log.debug(`removed ${reaction.emoji.name} by ${user.id} in ${message.channelId}`);
        }),
      ],
    };
  },
});
