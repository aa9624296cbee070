import { describe, expect, it } from 'vitest';
import { MessageRedactions } from './message-redactions.ts';

describe('MessageRedactions', () => {
  it('tells listeners at once, remembers the mark, and stops telling a removed listener', () => {
    const r = new MessageRedactions();
    const told: string[] = [];
    const stop = r.onMark((id) => told.push(id));
    r.mark('1');
    expect(told).toEqual(['1']);
    expect(r.has('1')).toBe(true);
    expect(r.has('2')).toBe(false);
    stop();
    r.mark('2');
    expect(told).toEqual(['1']);
    expect(r.has('2')).toBe(true);
  });

  it('keeps at most its bound, forgetting the oldest marks first', () => {
    const r = new MessageRedactions(3);
    for (const id of ['1', '2', '3', '4']) r.mark(id);
    expect(['1', '2', '3', '4'].map((id) => r.has(id))).toEqual([false, true, true, true]);
  });
});
