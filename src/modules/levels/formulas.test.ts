import { describe, expect, it } from 'vitest';
import { levelFromXp, progressOf, xpForLevel } from './formulas.ts';

describe('level formulas (Tux §4)', () => {
  it('xp for a level with e = 2', () => {
    const want: Record<number, number> = {
      1: 20,
      2: 80,
      3: 180,
      4: 320,
      5: 500,
      6: 720,
      10: 2000,
      15: 4500,
      20: 8000,
      25: 12500,
      50: 50000,
      100: 200000,
    };
    for (const [l, xp] of Object.entries(want)) expect(xpForLevel(Number(l), 2)).toBeCloseTo(xp, 6);
  });

  it('level from xp with e = 2', () => {
    const want: [number, number][] = [
      [0, 0],
      [19, 0],
      [20, 1],
      [79, 1],
      [80, 2],
      [100, 2],
      [499, 4],
      [500, 5],
      [501, 5],
      [1999.99, 9],
      [2000, 10],
      [4500, 15],
      [5000, 15],
      [-5, 0],
    ];
    for (const [xp, l] of want) expect(levelFromXp(xp, 2), `level(${xp})`).toBe(l);
  });

  it('other exponents', () => {
    expect([100, 500, 1000, 5000].map((x) => levelFromXp(x, 1.5))).toEqual([1, 5, 7, 23]);
    expect(xpForLevel(1, 1.75)).toBeCloseTo(29.907, 3);
    expect(xpForLevel(10, 1.75)).toBeCloseTo(1681.79, 2);
    expect(xpForLevel(20, 1.75)).toBeCloseTo(5656.85, 2);
    expect(levelFromXp(100, 0)).toBe(2);
  });

  it('progress bar', () => {
    expect(progressOf(600, 5, 2)).toEqual({ progress: 100, required: 220, bar: '▰▰▰▰▱▱▱▱▱▱' });
    expect(progressOf(0, 0, 2)).toEqual({ progress: 0, required: 20, bar: '▱▱▱▱▱▱▱▱▱▱' });
  });
});
