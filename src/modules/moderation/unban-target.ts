import { UserError } from '#discord/commands/errors.ts';
import type { UserInfo } from './guild-port.ts';

/**
 * Finds whom to unban from what the moderator typed (Tux): an id or mention, else in the ban list an exact id, an
 * exact name (case-insensitive), else a unique partial match.
 */
/** The user id in a mention or a bare id, else null. */
export function typedUserId(typed: string): string | null {
  const text = typed.trim();
  return /^<@!?(\d{17,20})>$/.exec(text)?.[1] ?? (/^\d{17,20}$/.test(text) ? text : null);
}

export function findBannedUser(bans: readonly UserInfo[], typed: string): UserInfo {
  const text = typed.trim();
  const id = typedUserId(text);
  const notFound = () =>
    new UserError(
      'moderation.unban-not-found',
      `Could not find '${text}' in the ban list. Try using the exact username or ID.`,
    );
  if (id) {
    const hit = bans.find((b) => b.id === id);
    if (!hit) throw new UserError('moderation.not-banned', `${id} is not banned.`);
    return hit;
  }
  const lower = text.toLowerCase().replace(/^@/, '');
  if (lower === '') throw notFound();
  const exact = bans.find((b) => b.tag.toLowerCase() === lower);
  if (exact) return exact;
  const partial = bans.filter((b) => b.tag.toLowerCase().includes(lower));
  if (partial.length === 1) return partial[0] as UserInfo;
  if (partial.length > 1) {
    const names = partial
      .slice(0, 5)
      .map((b) => `\`${b.tag}\``)
      .join(', ');
    throw new UserError(
      'moderation.unban-ambiguous',
      `'${text}' matches ${partial.length} banned users (${names}${partial.length > 5 ? ', …' : ''}). Use the exact username or ID.`,
    );
  }
  throw notFound();
}
