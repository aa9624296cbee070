import { describe, expect, it } from 'vitest';
import { diff } from './invite-tracker.ts';

const snap = (invites: Record<string, [number, number?]>, vanity: { code: string; uses: number } | null = null) => ({
  invites: new Map(
    Object.entries(invites).map(([code, [uses, maxUses]]) => [
      code,
      { uses, maxUses: maxUses ?? 0, inviterId: `by-${code}` },
    ]),
  ),
  vanity,
});

describe('invite diff', () => {
  it('names the one invite whose count went up', () => {
    expect(diff(snap({ a: [1], b: [4] }), snap({ a: [1], b: [5] }))).toEqual({
      kind: 'invite',
      code: 'b',
      inviterId: 'by-b',
    });
  });
  it('names an invite that disappeared at its last use', () => {
    expect(diff(snap({ a: [1], b: [2, 3] }), snap({ a: [1] }))).toEqual({
      kind: 'invite',
      code: 'b',
      inviterId: 'by-b',
    });
  });
  it('says vanity when only the vanity count went up', () => {
    expect(diff(snap({ a: [1] }, { code: 'tux', uses: 7 }), snap({ a: [1] }, { code: 'tux', uses: 8 }))).toEqual({
      kind: 'vanity',
      code: 'tux',
    });
  });
  it('says unknown when two went up, none did, or nothing was known', () => {
    expect(diff(snap({ a: [1], b: [1] }), snap({ a: [2], b: [2] })).kind).toBe('unknown');
    expect(diff(snap({ a: [1] }), snap({ a: [1] })).kind).toBe('unknown');
    expect(diff(undefined, snap({ a: [1] })).kind).toBe('unknown');
    expect(diff(snap({ a: [1] }), null).kind).toBe('unknown');
  });
});
