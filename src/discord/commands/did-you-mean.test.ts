import { describe, expect, it } from 'vitest';
import { editDistance, suggestCommands } from './did-you-mean.ts';

describe('did you mean', () => {
  it('counts two swapped letters as one edit', () => {
    expect(editDistance('bna', 'ban')).toBe(1);
    expect(editDistance('hepl', 'help')).toBe(1);
    expect(editDistance('kcik', 'kick')).toBe(1);
    expect(editDistance('ban', 'ban')).toBe(0);
    expect(editDistance('', 'ban')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    // Optimal string alignment: a swapped pair is not edited again.
    expect(editDistance('ca', 'abc')).toBe(3);
  });

  it('keeps Tux limits: short names allow one edit and two suggestions, longer ones three of each', () => {
    expect(suggestCommands('bna', ['ban', 'kick', 'b'])).toEqual(['ban']);
    expect(suggestCommands('bam', ['ban', 'bad', 'kick', 'jam'])).toEqual(['bad', 'ban']);
    expect(suggestCommands('tempbna', ['tempban', 'timeout', 'ban'])).toEqual(['tempban']);
    expect(suggestCommands('xyz', ['ban', 'kick'])).toEqual([]);
  });
});
