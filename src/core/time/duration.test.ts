import { describe, expect, it } from 'vitest';
import { DurationError, formatDuration, parseDuration, tryParseDuration } from './duration.ts';

const m = 60_000;
const h = 60 * m;
const d = 24 * h;

describe('parseDuration', () => {
  it.each([
    ['10m', 10 * m],
    ['1h30m', 90 * m],
    ['1h 30m', 90 * m],
    ['1.5h', 90 * m],
    ['1,5h', 90 * m],
    ['2d 12h', 60 * h],
    ['1w', 7 * d],
    ['5min', 5 * m],
    ['2hrs', 2 * h],
    ['1mo', 30 * d],
    ['1H30M', 90 * m],
    ['1 hour and 30 minutes', 90 * m],
    ['1h, 30m', 90 * m],
    ['  45s ', 45_000],
    ['1y', 365 * d],
  ])('%s', (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it.each(['', 'abc', '10', '10x', 'h', '1h foo', '-5m', '1..5h', 'm10'])('rejects %j with examples', (input) => {
    const err = (() => {
      try {
        parseDuration(input);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(DurationError);
    expect((err as DurationError).message).toMatch(/10m|unit/);
  });

  it('rejects zero and out-of-range values', () => {
    expect(() => parseDuration('0s')).toThrow(/longer than zero/);
    expect(parseDuration('0s', { allowZero: true })).toBe(0);
    expect(() => parseDuration('29d', { max: 28 * d })).toThrow(/longest allowed is 4 weeks/);
    expect(() => parseDuration('1s', { min: 5000 })).toThrow(/shortest allowed is 5 seconds/);
    expect(() => parseDuration('11y')).toThrow(/too long/);
  });

  it('uses a default unit for bare numbers when asked', () => {
    expect(parseDuration('30', { defaultUnit: 's' })).toBe(30_000);
    expect(tryParseDuration('30')).toBeNull();
  });

  it('never throws anything but DurationError, and every rejection has a message (fuzz)', () => {
    const alphabet = '0123456789 .,hmsdwoyrinautek-_/\\`"\'!@#$%^&*()ABCDEFGHMSW\n\t';
    let seed = 12345;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      const len = Math.floor(rand() * 12);
      let s = '';
      for (let j = 0; j < len; j++) s += alphabet[Math.floor(rand() * alphabet.length)];
      try {
        const ms = parseDuration(s);
        expect(Number.isInteger(ms)).toBe(true);
        expect(ms).toBeGreaterThan(0);
        accepted++;
      } catch (err) {
        expect(err).toBeInstanceOf(DurationError);
        expect((err as DurationError).message.length).toBeGreaterThan(10);
      }
    }
    expect(accepted).toBeGreaterThan(0);
  });
});

describe('formatDuration', () => {
  it('formats parts', () => {
    expect(formatDuration(90 * m)).toBe('1 hour, 30 minutes');
    expect(formatDuration(60 * h + 1000)).toBe('2 days, 12 hours, 1 second');
    expect(formatDuration(0)).toBe('zero seconds');
    expect(formatDuration(500)).toBe('less than a second');
    expect(formatDuration(7 * d)).toBe('1 week');
    expect(formatDuration(31 * d, { maxParts: 1 })).toBe('1 month');
  });
});
