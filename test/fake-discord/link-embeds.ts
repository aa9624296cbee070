import type { APIEmbed } from 'discord-api-types/v10';

/**
 * The embeds Discord unfurls for GIF links in a member's message: a Tenor or Giphy page or a `.gif` URL becomes a
 * `gifv` (Tenor, Giphy) or `image` embed. Other links are left alone (no unfurling of arbitrary pages).
 */
const GIF_LINK = /https?:\/\/(?:[\w-]+\.)*(?:tenor\.com|giphy\.com)\/\S+|https?:\/\/\S+\.gif(?:\?\S*)?/gi;

export function gifLinkEmbeds(content: string | undefined): APIEmbed[] {
  if (!content) return [];
  return [...content.matchAll(GIF_LINK)].slice(0, 10).map(([url]) => {
    const gifv = /tenor\.com|giphy\.com/i.test(url);
    return gifv
      ? ({ type: 'gifv', url, video: { url, width: 220, height: 220 } } as APIEmbed)
      : ({ type: 'image', url, thumbnail: { url, width: 220, height: 220 } } as APIEmbed);
  });
}
