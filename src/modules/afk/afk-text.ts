/** Tux's AFK nickname rule and reason shortening, plus cleaning a reason of mentions and invite links. */

export const AFK_PREFIX = '[AFK] ';

/** "[AFK] name"; a name of 26 characters or more is cut to 23 plus "..." (32 at most). */
export function afkNickname(name: string): string {
  const chars = [...name];
  return chars.length >= 26 ? `${AFK_PREFIX}${chars.slice(0, 23).join('')}...` : `${AFK_PREFIX}${name}`;
}

/** Shortened to at most `max` characters on a word boundary, with "...". */
export function shorten(text: string, max = 100): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 3);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}...`;
}

/** No pings and no invites in a reason shown to others. */
export function cleanReason(text: string): string {
  const cleaned = text
    .replace(/<@[!&]?\d+>|<#\d+>/g, '')
    .replace(/@(everyone|here)/gi, '$1')
    .replace(/(https?:\/\/)?(www\.)?(discord\.(gg|io|me|li)|discord(app)?\.com\/invite)\/\S+/gi, '[invite removed]')
    .replace(/\s+/g, ' ')
    .trim();
  return shorten(cleaned || 'No reason.');
}
