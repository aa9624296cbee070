import type { Message } from 'discord.js';

/**
 * Whether a message is a GIF, as Tux decides: it has an embed and its text says "gif" (a Tenor or Giphy link, a
 * `.gif` URL). A `.gif` file uploaded with the message counts too.
 */
export function isGifMessage(message: Pick<Message, 'content' | 'embeds' | 'attachments'>): boolean {
  if (message.embeds.length > 0 && /gif/i.test(message.content)) return true;
  for (const a of message.attachments.values()) {
    if (a.contentType === 'image/gif' || /\.gif$/i.test(a.name)) return true;
  }
  return false;
}
