/** The DM a bookmark becomes: Tux's "Message Bookmarked" embed and the files worth keeping. */
import type { APIEmbed, Message } from 'discord.js';
import { brandEmbed } from '#discord/ui/index.ts';

/** Discord's limits for one bot message: 10 files; each file is kept under 8 MiB and all under 25 MiB. */
export const MAX_FILES = 10;
export const MAX_FILE_BYTES = 8 * 1024 * 1024;
export const MAX_TOTAL_BYTES = 25 * 1024 * 1024;

export interface FileToCopy {
  url: string;
  name: string;
}

export function bookmarkEmbed(message: Message): APIEmbed {
  let description = message.content ? message.content : '> No content available to display';
  if (description.length > 3500) description = `${description.slice(0, 3497)}...`;
  if (message.attachments.size) {
    description += `\n\n**Attachments:**\n${[...message.attachments.values()]
      .slice(0, 10)
      .map((a) => `- [${a.name}](${a.url})`)
      .join('\n')}`;
  }
  if (message.stickers.size) {
    description += `\n\n**Stickers:**\n${[...message.stickers.values()].map((s) => `- ${s.name}`).join('\n')}`;
  }
  const fields: APIEmbed['fields'] = [];
  if (message.reference?.messageId) {
    const ref = message.reference;
    const where = ref.guildId ?? '@me';
    fields.push({
      name: 'Replying to',
      value: `[Click Here](https://discord.com/channels/${where}/${ref.channelId}/${ref.messageId})`,
    });
  }
  fields.push({ name: 'Jump to Message', value: `[Click Here](${message.url})` });
  if (message.embeds.length)
    fields.push({ name: 'Contains Embeds', value: 'The message has embeds; open it to see them.' });
  const where =
    message.guild && 'name' in message.channel ? `In #${message.channel.name} on ${message.guild.name}` : 'In a DM';
  return {
    ...brandEmbed('info', { title: 'Message Bookmarked', description: description.slice(0, 4096), fields }),
    author: {
      name: message.author.displayName ?? message.author.username,
      icon_url: message.author.displayAvatarURL(),
    },
    footer: { text: where },
    timestamp: new Date(message.createdTimestamp).toISOString(),
  };
}

/** Image attachments, then images in embeds, at most MAX_FILES. */
export function filesToCopy(message: Message): FileToCopy[] {
  const files: FileToCopy[] = [];
  for (const a of message.attachments.values()) {
    if (a.contentType?.startsWith('image/') || /\.(png|jpe?g|gif|webp)$/i.test(a.name)) {
      files.push({ url: a.url, name: a.name });
    }
  }
  for (const e of message.embeds) {
    const url = e.image?.url ?? e.thumbnail?.url;
    if (url) files.push({ url, name: url.split('/').pop()?.split('?')[0] || 'image.png' });
  }
  return files.slice(0, MAX_FILES);
}
