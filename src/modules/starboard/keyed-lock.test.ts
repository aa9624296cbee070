import { expect, it } from 'vitest';
import { CoalescingLock } from './keyed-lock.ts';

it('runs one key at a time and folds a burst into one more run', async () => {
  const lock = new CoalescingLock();
  let running = 0;
  let maxRunning = 0;
  let runs = 0;
  const work = async () => {
    running++;
    maxRunning = Math.max(maxRunning, running);
    runs++;
    await new Promise((r) => setTimeout(r, 20));
    running--;
  };
  await Promise.all(Array.from({ length: 50 }, () => lock.run('m1', work)));
  expect(maxRunning).toBe(1);
  expect(runs).toBe(2);
  await Promise.all([lock.run('a', work), lock.run('b', work)]);
  expect(maxRunning).toBe(2);
});
