/**
 * supportnotifier: when a member opens a post in the server's support forum, pings the helpers' role with a notice
 * naming the post, its author and its tags, in a chosen channel or in the post itself. Off until a forum is set.
 */
import { type APIEmbed, ChannelType } from 'discord-api-types/v10';
import { definePlugin, onEvent } from '../../plugin-api/index.ts';
import { noticeText, randomColour } from './notice.ts';

interface SupportSettings {
  forum: string | null;
  role: string | null;
  notify_channel: string | null;
}

export default definePlugin<SupportSettings>({
  manifest: {
    name: 'supportnotifier',
    version: '1.0.0',
    description: 'Ping a role when a new post opens in the support forum',
    api: '^1.0.0',
    settings: {
      forum: { type: 'channel', description: 'The support forum to watch (none: off)' },
      role: { type: 'role', description: 'The role to ping for a new post (none: a notice without a ping)' },
      notify_channel: {
        type: 'channel',
        description: 'Where the notice goes (none: in the new post itself)',
      },
    },
    permissions: { intents: [], network: false },
  },
  create(tux) {
    return {
      events: [
        onEvent('threadCreate', async (thread, newlyCreated) => {
          if (!newlyCreated || !thread.guildId) return;
          const settings = tux.settings(thread.guildId);
          if (!settings.forum || thread.parentId !== settings.forum) return;
          const parent = thread.parent;
          const tags =
            parent?.type === ChannelType.GuildForum || parent?.type === ChannelType.GuildMedia
              ? thread.appliedTags.flatMap((id) => parent.availableTags.find((t) => t.id === id)?.name ?? [])
              : [];
          const embed: APIEmbed = { color: randomColour(), description: noticeText(thread.id, thread.ownerId, tags) };
          const target = settings.notify_channel
            ? await thread.guild.channels.fetch(settings.notify_channel).catch(() => null)
            : thread;
          if (!target?.isTextBased()) {
            tux.log.warn(`supportnotifier: channel ${settings.notify_channel} is gone; set notify_channel again`);
            return;
          }
          await target.send({
            ...(settings.role ? { content: `<@&${settings.role}>` } : {}),
            embeds: [embed],
            allowedMentions: { roles: settings.role ? [settings.role] : [], users: [] },
          });
        }),
      ],
    };
  },
});
