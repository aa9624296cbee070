import { describe, expect, it } from 'vitest';
import { createThrottle } from './front-door.ts';

describe('pre-auth throttle', () => {
  it('limits connections per IP per window and slots before auth', () => {
    let now = 0;
    const t = createThrottle(
      () => ({ perIp: 2, windowMs: 1000, maxPreauth: 3 }),
      () => now,
    );
    const a = t.admit('1.1.1.1');
    const b = t.admit('1.1.1.1');
    expect(a.ok && b.ok).toBe(true);
    expect(t.admit('1.1.1.1').ok).toBe(false);
    const c = t.admit('2.2.2.2');
    expect(c.ok).toBe(true);
    expect(t.admit('3.3.3.3')).toMatchObject({ ok: false, reason: '3 connections already authenticating' });
    if (a.ok) a.release();
    if (a.ok) a.release(); // a second release must not free another slot
    expect(t.stats().preauth).toBe(2);
    now = 1500;
    expect(t.admit('1.1.1.1').ok).toBe(true);
  });
});
