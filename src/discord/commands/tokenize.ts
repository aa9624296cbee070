import { ArgumentError } from './errors.ts';

export interface Token {
  /** The token's text with quotes removed and escapes applied. */
  value: string;
  /** Offsets into the source, quotes included. */
  start: number;
  end: number;
  quoted: boolean;
}

const OPEN_QUOTES: Record<string, string> = { '"': '"', '“': '”', '„': '“', '«': '»' };

/**
 * Splits a command line into words. Double quotes (and typographic quotes) group words; a backslash escapes a
 * quote inside them. An unclosed quote is an error the user can fix.
 */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = source.length;
  while (i < n) {
    while (i < n && /\s/.test(source[i]!)) i++;
    if (i >= n) break;
    const start = i;
    const ch = source[i]!;
    const close = OPEN_QUOTES[ch];
    if (close !== undefined) {
      i++;
      let value = '';
      let closed = false;
      while (i < n) {
        const c = source[i]!;
        if (c === '\\' && i + 1 < n && (source[i + 1] === close || source[i + 1] === '\\')) {
          value += source[i + 1];
          i += 2;
          continue;
        }
        if (c === close || (close === '”' && c === '"')) {
          closed = true;
          i++;
          break;
        }
        value += c;
        i++;
      }
      if (!closed) {
        throw new ArgumentError(
          'argument.unclosed_quote',
          `A quote opened at \`${source.slice(start, start + 20)}\` is never closed. Add the closing \`${close}\`.`,
        );
      }
      tokens.push({ value, start, end: i, quoted: true });
      continue;
    }
    while (i < n && !/\s/.test(source[i]!)) i++;
    tokens.push({ value: source.slice(start, i), start, end: i, quoted: false });
  }
  return tokens;
}
