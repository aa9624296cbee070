import { describe, expect, it } from 'vitest';
import { GifCounter } from './gif-counter.ts';

const limits = { windowMs: 60_000, channelLimit: null, userLimit: 2 };

describe('GifCounter', () => {
  it('counts a member per channel, forgets GIFs older than the window and sweeps idle keys', () => {
    const c = new GifCounter();
    expect(c.check('g', 'a', 'u', limits, 0)).toBeNull();
    expect(c.check('g', 'a', 'u', limits, 1000)).toBeNull();
    expect(c.check('g', 'a', 'u', limits, 2000)).toBe('user');
    expect(c.check('g', 'b', 'u', limits, 2000)).toBeNull();
    expect(c.check('g', 'a', 'u', limits, 60_001)).toBeNull();
    c.sweep(200_000);
    expect(c.size).toBe(0);
  });

  it('checks the channel limit first and does not count refused GIFs', () => {
    const c = new GifCounter();
    const both = { windowMs: 60_000, channelLimit: 1, userLimit: 1 };
    expect(c.check('g', 'a', 'u', both, 0)).toBeNull();
    expect(c.check('g', 'a', 'u', both, 1)).toBe('channel');
    expect(c.check('g', 'a', 'v', both, 2)).toBe('channel');
    expect(c.count('g', 'a', 60_000, 3)).toBe(1);
    expect(c.check('g', 'a', 'u', { windowMs: 60_000, channelLimit: null, userLimit: null }, 4)).toBeNull();
    expect(c.count('g', 'a', 60_000, 5)).toBe(1);
  });
});
