/**
 * Secrets never reach an audit row, whichever field they hide in: a raw exec line (`config set bot.token …`), a
 * target, a reason, a nested detail. Three layers: values under a secret-looking key name; text that names a secret
 * and gives its value (`bot.token X`, `--token X`, `token=X`); and the current secret values themselves (the bot
 * token), plus anything shaped like a Discord token. Rows written before this existed are masked when read.
 */

export const AUDIT_MASK = '********';

const SECRET_KEY = /(token|password|passphrase|secret|private_?key)/i;
const SECRET_WORD = /token|password|passphrase|secret|private_?key/gi;
const NAME_CHAR = /[\w.-]/;
/** Names longer than this around a secret word are not config keys or flags; bounds the work on hostile text. */
const MAX_NAME = 64;
/** Discord bot tokens: base64 user id, timestamp, HMAC. */
const DISCORD_TOKEN = /[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}/g;
/** Longer strings are cut first (a row's details are cut to 8 KiB anyway), which bounds the masking work. */
const MAX_TEXT = 16_384;
/** Shorter known values would mask ordinary words. */
const MIN_SECRET_LENGTH = 6;

export interface Redactor {
  text(value: string): string;
  /** A copy of any JSON-like value with every string (and secret-named key's value) masked. */
  value(value: unknown): unknown;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The end of a value that starts at `from`: a quoted string, or up to a separator. */
function valueEnd(s: string, from: number): number {
  const q = s[from];
  if (q === '"' || q === "'") {
    const close = s.indexOf(q, from + 1);
    return close === -1 ? s.length : close + 1;
  }
  let i = from;
  while (i < s.length && !/[\s,;&"']/.test(s[i] as string)) i++;
  return i;
}

/**
 * Masks the value that follows a secret's name: `bot.token VALUE…` or `--token VALUE…` (the rest of the line, as an
 * exec command line gives it), and `token=VALUE`, `token: VALUE`, `"token":"VALUE"`. A scan rather than one regular
 * expression, so a long hostile string costs linear time.
 */
function maskNamedValues(s: string): string {
  let out = '';
  let copied = 0;
  SECRET_WORD.lastIndex = 0;
  for (let m = SECRET_WORD.exec(s); m; m = SECRET_WORD.exec(s)) {
    if (m.index < copied) continue;
    let start = m.index;
    while (start > copied && m.index - start < MAX_NAME && NAME_CHAR.test(s[start - 1] as string)) start--;
    let end = m.index + m[0].length;
    while (end < s.length && end - m.index < MAX_NAME && NAME_CHAR.test(s[end] as string)) end++;
    while (end > m.index + m[0].length && /[.-]/.test(s[end - 1] as string)) end--;
    const name = s.slice(start, end);
    const rest = s.slice(end, end + 16);
    let valueStart = -1;
    let valueStop = -1;
    const sign = /^"?\s*[=:]\s*/.exec(rest);
    const space = /^[ \t]+(?=\S)/.exec(rest);
    if (sign) {
      valueStart = end + sign[0].length;
      valueStop = valueEnd(s, valueStart);
    } else if (space && (name.startsWith('--') || /\w\.\w/.test(name))) {
      valueStart = end + space[0].length;
      const nl = s.indexOf('\n', valueStart);
      valueStop = nl === -1 ? s.length : nl;
    }
    if (valueStart < 0 || valueStop <= valueStart) {
      SECRET_WORD.lastIndex = Math.max(SECRET_WORD.lastIndex, end);
      continue;
    }
    const value = s.slice(valueStart, valueStop);
    const quoted = value.length >= 2 && (value[0] === '"' || value[0] === "'");
    const masked = quoted ? `${value[0]}${AUDIT_MASK}${value[0]}` : AUDIT_MASK;
    out += s.slice(copied, valueStart) + masked;
    copied = valueStop;
    SECRET_WORD.lastIndex = valueStop;
  }
  return out + s.slice(copied);
}

/** `secrets` gives the current secret values (read at each call, so a changed token is masked at once). */
export function createRedactor(secrets: () => readonly string[] = () => []): Redactor {
  const text = (input: string): string => {
    let s = input.length > MAX_TEXT ? `${input.slice(0, MAX_TEXT)}…[${input.length - MAX_TEXT} characters cut]` : input;
    for (const secret of secrets()) {
      if (secret.length >= MIN_SECRET_LENGTH && s.includes(secret)) {
        s = s.replace(new RegExp(escapeRegExp(secret), 'g'), AUDIT_MASK);
      }
    }
    return maskNamedValues(s.includes('.') ? s.replace(DISCORD_TOKEN, AUDIT_MASK) : s);
  };
  const value = (v: unknown, depth = 0): unknown => {
    if (typeof v === 'string') return text(v);
    if (depth > 20 || v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x) => value(x, depth + 1));
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>).map(([k, x]) => [
        k,
        SECRET_KEY.test(k) && typeof x === 'string' && x !== '' ? AUDIT_MASK : value(x, depth + 1),
      ]),
    );
  };
  return { text, value };
}
