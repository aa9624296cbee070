import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { createSafeRegex } from './safe-regex.ts';
import type { SafeRegex } from './types.ts';

let pool: SafeRegex | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

describe('safe regex pool', () => {
  it('reports the first pattern that matches', async () => {
    pool = createSafeRegex({ timeoutMs: 200 });
    const r = await pool.test(
      [
        { id: 'a', source: 'cat' },
        { id: 'b', source: 'd[o0]g', flags: 'i' },
        { id: 'c', source: 'DOG' },
      ],
      'a big D0G',
    );
    expect(r).toEqual({ matched: 1, timedOut: [], invalid: [] });
    expect((await pool.test([{ id: 'a', source: 'cat' }], 'nothing')).matched).toBe(-1);
  });

  it('refuses a syntax error or a forbidden flag at once, and a catastrophic pattern on a sample', async () => {
    pool = createSafeRegex({ timeoutMs: 100 });
    const syntax = await pool.validate('(unclosed');
    expect(syntax).toMatchObject({ ok: false, reason: 'syntax' });
    expect(syntax.ok ? '' : syntax.message).toMatch(/Invalid regular expression/);
    expect(await pool.validate('a', 'g')).toMatchObject({ ok: false, reason: 'flags' });
    expect(await pool.validate('x'.repeat(600))).toMatchObject({ ok: false, reason: 'length' });
    expect(await pool.validate('(a+)+$')).toMatchObject({ ok: false, reason: 'timeout' });
    expect(await pool.validate('\\bfree nitro\\b', 'i')).toEqual({ ok: true });
  });

  it('stops a catastrophic pattern, names it, and goes on with the next patterns in a fresh worker', async () => {
    pool = createSafeRegex({ timeoutMs: 100 });
    const text = `${'a'.repeat(3000)}!`;
    const before = pool.health().metrics?.replaced ?? 0;
    const r = await pool.test(
      [
        { id: 'fine', source: 'zzz' },
        { id: 'evil', source: '(a+)+$' },
        { id: 'after', source: '!$' },
      ],
      text,
    );
    expect(r.timedOut).toEqual(['evil']);
    expect(r.matched).toBe(2);
    expect(pool.health().metrics?.replaced).toBe(before + 1);
    // The replacement worker answers normally.
    expect((await pool.test([{ id: 'x', source: 'a{3}' }], 'aaa')).matched).toBe(0);
  });

  it('keeps the main thread free while a pattern backtracks', async () => {
    pool = createSafeRegex({ timeoutMs: 1500 });
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 20);
    const pending = pool.test([{ id: 'evil', source: '(a+)+$' }], `${'a'.repeat(3000)}!`);
    const result = await pending;
    clearInterval(ticker);
    lag.disable();
    expect(result.timedOut).toEqual(['evil']);
    // 1.5 s of backtracking in the worker; the main thread kept ticking meanwhile.
    expect(ticks).toBeGreaterThan(20);
    expect(lag.percentile(99) / 1e6).toBeLessThan(500);
  });

  it('queues checks beyond the pool size and answers each one', async () => {
    pool = createSafeRegex({ timeoutMs: 500, workers: 2 });
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => pool?.test([{ id: 'n', source: `^${i}$` }], String(i % 2 === 0 ? i : -1))),
    );
    expect(results.map((r) => r?.matched)).toEqual(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 0 : -1)));
    expect(pool.health().metrics?.workers).toBeLessThanOrEqual(2);
    expect(pool.health().status).toBe('ok');
  });
});
