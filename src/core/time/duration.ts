/**
 * The one duration parser. Accepts what people type: "10m", "1h30m", "1h 30m", "1.5h", "1,5h", "2d 12h", "1w",
 * "5min", "2hrs", "1mo", "1 hour and 30 minutes" (case-insensitive). Months are 30 days, years 365 days.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const MONTH = 30 * DAY;
const YEAR = 365 * DAY;

const UNITS: Record<string, number> = {};
function units(ms: number, names: string[]): void {
  for (const name of names) UNITS[name] = ms;
}
units(1, ['ms', 'msec', 'msecs', 'millisecond', 'milliseconds']);
units(SECOND, ['s', 'sec', 'secs', 'second', 'seconds']);
units(MINUTE, ['m', 'min', 'mins', 'minute', 'minutes']);
units(HOUR, ['h', 'hr', 'hrs', 'hour', 'hours']);
units(DAY, ['d', 'day', 'days']);
units(WEEK, ['w', 'wk', 'wks', 'week', 'weeks']);
units(MONTH, ['mo', 'mon', 'mos', 'mth', 'mths', 'mnth', 'mnths', 'month', 'months']);
units(YEAR, ['y', 'yr', 'yrs', 'year', 'years']);

/** Longest duration accepted: 10 years. Keeps dates valid and timers sane. */
export const MAX_DURATION_MS = 10 * YEAR;

export const DURATION_EXAMPLES = '`10m`, `1h30m`, `1.5h`, `2d 12h`, `1w`';

export type DurationErrorCode = 'empty' | 'invalid' | 'zero' | 'too_long' | 'too_short' | 'over_max';

/** The only error parseDuration throws. Its message is meant for the user. */
export class DurationError extends Error {
  readonly code: DurationErrorCode;
  readonly input: string;
  constructor(code: DurationErrorCode, input: string, message: string) {
    super(message);
    this.name = 'DurationError';
    this.code = code;
    this.input = input;
  }
}

export interface ParseDurationOptions {
  /** Unit for a bare number ("30"): e.g. 's' for slowmode. Without it a bare number is rejected. */
  defaultUnit?: string;
  /** Accept "0s". Default false. */
  allowZero?: boolean;
  /** Inclusive bounds in milliseconds. */
  min?: number;
  max?: number;
}

const TOKEN = /(\d+(?:[.,]\d+)?)\s*([a-z]+)?/y;
const SEPARATOR = /(?:\s+and\s+|\s*,\s*|\s+)/y;

function quote(input: string): string {
  const shown = input.length > 40 ? `${input.slice(0, 40)}…` : input;
  return `\`${shown.replace(/`/g, "'")}\``;
}

/** Parses a duration into milliseconds. Throws DurationError with a user-facing message. */
export function parseDuration(input: string, opts: ParseDurationOptions = {}): number {
  const text = String(input ?? '')
    .trim()
    .toLowerCase();
  if (text === '') {
    throw new DurationError('empty', input, `Give a duration, for example ${DURATION_EXAMPLES}.`);
  }
  const invalid = (): DurationError =>
    new DurationError(
      'invalid',
      input,
      `${quote(input)} is not a duration. Use a number and a unit (s, m, h, d, w, mo, y), for example ${DURATION_EXAMPLES}.`,
    );
  let total = 0;
  let pos = 0;
  let tokens = 0;
  while (pos < text.length) {
    if (tokens > 0) {
      SEPARATOR.lastIndex = pos;
      if (SEPARATOR.exec(text)) pos = SEPARATOR.lastIndex;
      if (pos >= text.length) break;
    }
    TOKEN.lastIndex = pos;
    const match = TOKEN.exec(text);
    if (!match || match[0] === '') throw invalid();
    const value = Number(match[1]!.replace(',', '.'));
    const unitName = match[2] ?? opts.defaultUnit;
    if (unitName === undefined) {
      throw new DurationError(
        'invalid',
        input,
        `${quote(input)} needs a unit: ${match[1]}s, ${match[1]}m, ${match[1]}h or ${match[1]}d. Examples: ${DURATION_EXAMPLES}.`,
      );
    }
    const unit = UNITS[unitName];
    if (unit === undefined || !Number.isFinite(value)) throw invalid();
    total += value * unit;
    pos = TOKEN.lastIndex;
    tokens++;
    if (total > MAX_DURATION_MS * 10) break;
  }
  total = Math.round(total);
  if (total === 0 && !opts.allowZero) {
    throw new DurationError('zero', input, `The duration must be longer than zero, for example ${DURATION_EXAMPLES}.`);
  }
  const max = opts.max ?? MAX_DURATION_MS;
  if (total > max) {
    throw new DurationError(
      opts.max === undefined ? 'too_long' : 'over_max',
      input,
      `${quote(input)} is too long: the longest allowed is ${formatDuration(max)}.`,
    );
  }
  if (opts.min !== undefined && total < opts.min) {
    throw new DurationError(
      'too_short',
      input,
      `${quote(input)} is too short: the shortest allowed is ${formatDuration(opts.min)}.`,
    );
  }
  return total;
}

/** Returns the duration, or null when it does not parse. */
export function tryParseDuration(input: string, opts?: ParseDurationOptions): number | null {
  try {
    return parseDuration(input, opts);
  } catch (err) {
    if (err instanceof DurationError) return null;
    throw err;
  }
}

const PARTS: [number, string][] = [
  [MONTH, 'month'],
  [WEEK, 'week'],
  [DAY, 'day'],
  [HOUR, 'hour'],
  [MINUTE, 'minute'],
  [SECOND, 'second'],
];

/** "1 hour, 30 minutes". Rounds down to whole seconds; under a second is "less than a second". */
export function formatDuration(ms: number, opts: { maxParts?: number } = {}): string {
  if (!Number.isFinite(ms) || ms <= 0) return 'zero seconds';
  if (ms < SECOND) return 'less than a second';
  let rest = Math.floor(ms / SECOND) * SECOND;
  const out: string[] = [];
  for (const [size, name] of PARTS) {
    if (rest < size) continue;
    const n = Math.floor(rest / size);
    rest -= n * size;
    out.push(`${n} ${name}${n === 1 ? '' : 's'}`);
  }
  return out.slice(0, opts.maxParts ?? out.length).join(', ');
}

/** Compact form for tight spaces: "1h 30m", "2d 4h", "45s". */
export function formatDurationShort(ms: number): string {
  if (!Number.isFinite(ms) || ms < SECOND) return `${Math.max(0, Math.round(ms))}ms`;
  const parts: string[] = [];
  let rest = Math.floor(ms / SECOND) * SECOND;
  for (const [size, name] of [
    [DAY, 'd'],
    [HOUR, 'h'],
    [MINUTE, 'm'],
    [SECOND, 's'],
  ] as const) {
    if (rest < size) continue;
    const n = Math.floor(rest / size);
    rest -= n * size;
    parts.push(`${n}${name}`);
  }
  return parts.slice(0, 2).join(' ');
}
