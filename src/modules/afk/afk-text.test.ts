import { describe, expect, it } from 'vitest';
import { afkNickname, cleanReason, shorten } from './afk-text.ts';

describe('afk text', () => {
  it('applies the nickname rule at 25 and 26 characters', () => {
    expect(afkNickname('alice')).toBe('[AFK] alice');
    const n25 = 'a'.repeat(25);
    expect(afkNickname(n25)).toBe(`[AFK] ${n25}`);
    expect(afkNickname(n25)).toHaveLength(31);
    const n26 = 'b'.repeat(26);
    expect(afkNickname(n26)).toBe(`[AFK] ${'b'.repeat(23)}...`);
    expect(afkNickname(n26)).toHaveLength(32);
  });

  it('cleans and shortens reasons', () => {
    expect(cleanReason('lunch <@123456789012345678> @everyone see discord.gg/abc')).toBe(
      'lunch everyone see [invite removed]',
    );
    expect(cleanReason('   ')).toBe('No reason.');
    const long = 'word '.repeat(40);
    expect(shorten(long).length).toBeLessThanOrEqual(100);
    expect(shorten(long).endsWith('...')).toBe(true);
  });
});
