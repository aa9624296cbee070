/**
 * Banned-word matching that sees through the usual evasions: letter case, compatibility forms (full-width and
 * styled letters), zero-width and other invisible characters, and stretched letters ("baaad" for "bad").
 * The patterns are built from escaped words, so they are safe to run on the main thread.
 */

/** Format characters (zero-width space/joiners, soft hyphen, BOM, bidi marks) and combining marks. */
const INVISIBLE = /[\p{Cf}\p{Mn}]/gu;

export function normaliseText(text: string): string {
  return text.normalize('NFKD').replace(INVISIBLE, '').normalize('NFKC').toLowerCase();
}

function escapeChar(c: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(c) ? `\\${c}` : c;
}

/** One word or phrase as a pattern: each run of n equal letters matches n or more, spaces match any spacing. */
function wordPattern(word: string): string {
  const chars = [...normaliseText(word.trim())];
  let out = '';
  for (let i = 0; i < chars.length; ) {
    const c = chars[i] as string;
    let n = 1;
    while (chars[i + n] === c) n++;
    i += n;
    out += /\s/.test(c) ? '\\s+' : `${escapeChar(c)}${n === 1 ? '+' : `{${n},}`}`;
  }
  return out;
}

/** A matcher for any of the words, as whole words (not inside a longer word). */
export function compileWords(words: readonly string[]): RegExp | null {
  const parts = words.map(wordPattern).filter((p) => p.length > 0);
  if (parts.length === 0) return null;
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${parts.join('|')})(?![\\p{L}\\p{N}])`, 'u');
}
