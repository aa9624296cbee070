import { describe, expect, it } from 'vitest';
import { sanitizeForTerminal } from './sanitize.ts';

describe('sanitizeForTerminal', () => {
  it('removes CSI, OSC and C1 sequences with their parameters', () => {
    expect(sanitizeForTerminal('a\x1b[2Jb\x1b[31mc')).toBe('abc');
    expect(sanitizeForTerminal('x\x1b]52;c;aGVsbG8=\x07y')).toBe('xy');
    expect(sanitizeForTerminal('x\x1b]0;title\x1b\\y')).toBe('xy');
    expect(sanitizeForTerminal('p\x9b31mq\x9d0;t\x9cr')).toBe('pqr');
  });
  it('drops stray controls and bidi overrides, keeps ordinary text', () => {
    expect(sanitizeForTerminal('a\x07\x00b\x7f\u202ec')).toBe('abc');
    expect(sanitizeForTerminal('héllo — 世界 🐧')).toBe('héllo — 世界 🐧');
  });
  it('folds newlines unless multiline', () => {
    expect(sanitizeForTerminal('a\r\nb')).toBe('a b');
    expect(sanitizeForTerminal('a\r\nb\tc', { multiline: true })).toBe('a\nb  c');
  });
});
