import { describe, expect, it } from 'vitest';
import { isFlagEmoji } from './flags.ts';

const rules = { customNamedFlag: true, extra: [] as string[] };
const unicode = (name: string) => ({ id: null, name });

describe('isFlagEmoji', () => {
  it('finds country flags and subdivision flags', () => {
    expect(isFlagEmoji(unicode('🇺🇸'), rules)).toBe(true);
    expect(isFlagEmoji(unicode('🇪🇺'), rules)).toBe(true);
    expect(isFlagEmoji(unicode('🏴󠁧󠁢󠁥󠁮󠁧󠁿'), rules)).toBe(true); // England
    expect(isFlagEmoji(unicode('🏴󠁧󠁢󠁳󠁣󠁴󠁿'), rules)).toBe(true); // Scotland
  });

  it('leaves other emoji, including the plain flags, unless a server lists them', () => {
    for (const e of ['👍', '⭐', '🏴', '🏳️', '🏳️‍🌈', '🚩', '🏁', '❤️']) expect(isFlagEmoji(unicode(e), rules)).toBe(false);
    const listed = { customNamedFlag: true, extra: ['🏳️‍🌈', '🚩'] };
    expect(isFlagEmoji(unicode('🏳️‍🌈'), listed)).toBe(true);
    expect(isFlagEmoji(unicode('🏳\u200D🌈'), listed)).toBe(true); // without the presentation mark
    expect(isFlagEmoji(unicode('🚩'), listed)).toBe(true);
  });

  it('finds custom emoji named like a flag when asked, and listed custom emoji by name or id', () => {
    expect(isFlagEmoji({ id: '1', name: 'flag_de' }, rules)).toBe(true);
    expect(isFlagEmoji({ id: '1', name: 'RedFlag' }, rules)).toBe(true);
    expect(isFlagEmoji({ id: '1', name: 'flag_de' }, { customNamedFlag: false, extra: [] })).toBe(false);
    expect(isFlagEmoji({ id: '2', name: 'tux' }, rules)).toBe(false);
    expect(isFlagEmoji({ id: '2', name: 'tux' }, { customNamedFlag: true, extra: ['TUX'] })).toBe(true);
    expect(isFlagEmoji({ id: '2', name: 'tux' }, { customNamedFlag: true, extra: ['<:tux:2>'] })).toBe(true);
  });
});
