import { describe, expect, it } from 'vitest';
import { parseRange, satisfies } from './semver.ts';

describe('satisfies', () => {
  it.each([
    ['1.0.0', '^1.0.0', true],
    ['1.4.2', '^1.0.0', true],
    ['2.0.0', '^1.0.0', false],
    ['0.2.5', '^0.2.0', true],
    ['0.3.0', '^0.2.0', false],
    ['1.2.9', '~1.2.0', true],
    ['1.3.0', '~1.2', false],
    ['1.5.0', '>=1.0.0 <2.0.0', true],
    ['2.0.0', '>=1.0.0 <2.0.0', false],
    ['1.9.9', '1.x', true],
    ['3.0.0', '^1.0.0 || ^3.0.0', true],
    ['1.0.0', '*', true],
    ['1.0.1', '1.0.0', false],
  ])('%s in %s: %s', (v, r, ok) => {
    expect(satisfies(v, r)).toBe(ok);
  });

  it('refuses what is not a range', () => {
    expect(parseRange('latest')).toBeNull();
    expect(parseRange('^1.0.0 ||')).toBeNull();
    expect(satisfies('1.0.0', 'banana')).toBe(false);
  });
});
