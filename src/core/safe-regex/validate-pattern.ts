import type { RegexValidation } from './types.ts';

/** Flags that make sense for a yes/no test; `g` and `y` carry state between calls and are refused. */
export const ALLOWED_FLAGS = 'imsu';

/** Texts a new pattern is tried on, chosen to expose catastrophic backtracking on common shapes. */
export const SAMPLE_TEXTS: readonly string[] = [
  `${'a'.repeat(40)}!`,
  `${'ab'.repeat(30)}!`,
  `${'1'.repeat(40)}x`,
  `${' '.repeat(40)}x`,
  `${'aA1 .-_'.repeat(8)}\u0000`,
  'Hello there, this is an ordinary chat message with a link https://example.com/path?q=1 and an emoji :)',
];

/** The checks that need no worker: length, flags and syntax (compiling a pattern does not run it). */
export function checkPatternSyntax(source: string, flags: string, maxLength: number): RegexValidation {
  if (source.length === 0) return { ok: false, reason: 'syntax', message: 'The pattern is empty.' };
  if (source.length > maxLength)
    return { ok: false, reason: 'length', message: `The pattern is longer than ${maxLength} characters.` };
  for (const f of flags) {
    if (!ALLOWED_FLAGS.includes(f))
      return {
        ok: false,
        reason: 'flags',
        message: `Flag "${f}" is not allowed; use only ${ALLOWED_FLAGS.split('').join(', ')}.`,
      };
  }
  if (new Set(flags).size !== flags.length) return { ok: false, reason: 'flags', message: 'A flag is repeated.' };
  try {
    new RegExp(source, flags);
  } catch (err) {
    const detail = err instanceof Error ? err.message.replace(/^Invalid regular expression: /, '') : String(err);
    return { ok: false, reason: 'syntax', message: `Invalid regular expression: ${detail}` };
  }
  return { ok: true };
}
