/**
 * Which reaction emoji count as flags: country flags (pairs of regional-indicator letters, U+1F1E6–U+1F1FF),
 * subdivision flags (a black flag followed by tag characters, such as England's), custom emoji with "flag" in
 * their name (when asked), and any emoji a server lists itself.
 */

const REGIONAL_INDICATOR = /[\u{1F1E6}-\u{1F1FF}]/u;
const TAG_SEQUENCE = /\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F}/u;
/** Emoji presentation and zero-width joiner marks that do not change which emoji it is. */
const VARIATION = /[\u{FE0E}\u{FE0F}]/gu;

export interface FlagRules {
  /** Remove custom emoji whose name contains "flag". */
  customNamedFlag: boolean;
  /** More emoji to remove: unicode emoji, or custom emoji by name or id. */
  extra: readonly string[];
}

export interface ReactionEmoji {
  /** Null for a unicode emoji. */
  id: string | null;
  /** The unicode emoji itself, or the custom emoji's name. */
  name: string | null;
}

const bare = (text: string) => text.replace(VARIATION, '');

export function isFlagEmoji(emoji: ReactionEmoji, rules: FlagRules): boolean {
  const name = emoji.name ?? '';
  if (emoji.id === null) {
    if (REGIONAL_INDICATOR.test(name) || TAG_SEQUENCE.test(name)) return true;
    return rules.extra.some((e) => bare(e) === bare(name));
  }
  if (rules.customNamedFlag && name.toLowerCase().includes('flag')) return true;
  return rules.extra.some(
    (e) => e === emoji.id || e.toLowerCase() === name.toLowerCase() || e.endsWith(`:${emoji.id}>`),
  );
}
