import { describe, expect, it } from 'vitest';
import { ttyRoleName } from './tty-name.ts';

describe('ttyRoleName', () => {
  it.each([
    [1, '/dev/tty0'],
    [128, '/dev/tty0'],
    [129, '/dev/tty128'],
    [255, '/dev/tty128'],
    [256, '/dev/tty256'],
    [1000, '/dev/tty512'],
    [1024, '/dev/tty1024'],
    [5000, '/dev/tty4096'],
    [70_000, '/dev/tty65536'],
  ])('%i members → %s', (count, name) => {
    expect(ttyRoleName(count)).toBe(name);
  });
});
