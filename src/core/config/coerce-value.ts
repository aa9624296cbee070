import type { KeyInfo } from './key-meta.ts';

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

/**
 * Reads a string (an environment variable, a CLI argument) as a value of the key's type:
 * numbers, booleans (true/false/1/0/yes/no/on/off), lists as JSON or comma-separated.
 * A string that does not fit is returned unchanged, so validation reports it with the original text.
 */
export function coerceString(info: Pick<KeyInfo, 'type'>, raw: string): unknown {
  const text = raw.trim();
  switch (info.type) {
    case 'integer':
    case 'number':
      return /^[+-]?(\d+(\.\d+)?|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : raw;
    case 'boolean': {
      const lower = text.toLowerCase();
      if (TRUE.has(lower)) return true;
      if (FALSE.has(lower)) return false;
      return raw;
    }
    case 'string[]':
      if (text.startsWith('[')) return parseJson(text) ?? raw;
      return text
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0);
    case 'object[]':
      return parseJson(text) ?? raw;
    default:
      return text;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
