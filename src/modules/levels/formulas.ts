/**
 * Tux's level formulas. XP needed for level L is 500·(L/5)^e; the level of x XP is floor((x/500)^(1/e)·5). An
 * exponent of 0 counts as 2 when reading a level from XP, as in Tux.
 */

export function xpForLevel(level: number, exponent: number): number {
  return 500 * (level / 5) ** exponent;
}

export function levelFromXp(xp: number, exponent: number): number {
  const e = exponent === 0 ? 2 : exponent;
  // A tiny epsilon keeps exact boundaries (xp(10) = 2000 → level 10) from falling a level on float rounding.
  return Math.floor((Math.max(0, xp) / 500) ** (1 / e) * 5 + 1e-9);
}

export interface Progress {
  progress: number;
  required: number;
  /** "▰▰▰▰▱▱▱▱▱▱". */
  bar: string;
}

export function progressOf(xp: number, level: number, exponent: number): Progress {
  const progress = Math.trunc(xp - xpForLevel(level, exponent));
  const required = Math.trunc(xpForLevel(level + 1, exponent) - xpForLevel(level, exponent));
  const filled = required === 0 ? 10 : Math.max(0, Math.min(10, Math.trunc((10 * progress) / required)));
  return { progress, required, bar: '▰'.repeat(filled) + '▱'.repeat(10 - filled) };
}
