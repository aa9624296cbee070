import { describe, expect, it } from 'vitest';
import { createThrottle, LOCAL_PREAUTH_SLOTS } from './front-door.ts';

describe('pre-auth throttle', () => {
  it('limits connections per IP per window and slots before auth', () => {
    let now = 0;
    const t = createThrottle(
      () => ({ perIp: 2, global: 0, windowMs: 1000, maxPreauth: 3 }),
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

  it('does not count connections that logged in', () => {
    const t = createThrottle(() => ({ perIp: 2, global: 3, windowMs: 10_000, maxPreauth: 20 }));
    for (let i = 0; i < 9; i++) {
      const v = t.admit('127.0.0.1');
      expect(v.ok).toBe(true);
      if (v.ok) {
        v.release();
        v.forgive();
        v.forgive();
      }
    }
    expect(t.stats().recentGlobal).toBe(0);
  });

  it('bounds key exchanges from many addresses with a global budget', () => {
    let now = 0;
    const t = createThrottle(
      () => ({ perIp: 8, global: 5, windowMs: 1000, maxPreauth: 100 }),
      () => now,
    );
    const verdicts = Array.from({ length: 8 }, (_, i) => t.admit(`127.0.0.${i + 2}`));
    expect(verdicts.filter((v) => v.ok)).toHaveLength(5);
    expect(verdicts.at(-1)).toMatchObject({ ok: false, kind: 'global' });
    now = 1001;
    expect(t.admit('127.0.0.50').ok).toBe(true);
  });

  it('keeps pre-auth slots for connections from this machine, outside the global budget', () => {
    const t = createThrottle(() => ({ perIp: 100, global: 2, windowMs: 10_000, maxPreauth: 2 }));
    expect(t.admit('203.0.113.1').ok && t.admit('203.0.113.2').ok).toBe(true);
    expect(t.admit('203.0.113.3')).toMatchObject({ ok: false });
    const local = Array.from({ length: LOCAL_PREAUTH_SLOTS }, () => t.admit('127.0.0.1', true));
    expect(local.every((v) => v.ok)).toBe(true);
    expect(t.admit('127.0.0.1', true)).toMatchObject({ ok: false, kind: 'preauth' });
    expect(t.stats()).toMatchObject({ preauth: 2, localPreauth: LOCAL_PREAUTH_SLOTS, recentGlobal: 2 });
  });
});
