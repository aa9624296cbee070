import { isInteger, isSafeNumber, parse } from 'lossless-json';

/**
 * JSON parsing that keeps snowflakes exact. Some libraries (discord.py) send ids as JSON integers; above 2^53 those
 * lose digits under `JSON.parse`. Integers that don't fit a double exactly are kept as their decimal string, which
 * is the form Discord itself uses for ids; every other number parses as usual.
 */
export function parseJsonKeepingIds(text: string): unknown {
  return parse(text, null, (value) => (isInteger(value) && !isSafeNumber(value) ? value : Number(value)));
}
