import { describe, expect, it } from 'vitest';
import { servicesToShow } from './overview-screen.tsx';

const svc = (name: string, status = 'ok') => ({ name, health: { status } });

describe('servicesToShow', () => {
  it('shows every service when they fit', () => {
    const all = [svc('db'), svc('ssh'), svc('discord', 'degraded')];
    expect(servicesToShow(all, 24)).toEqual({ list: all, hiddenOk: 0, rows: 3 });
  });

  it('keeps the services that are not ok and counts the ok ones it leaves out', () => {
    const all = Array.from({ length: 20 }, (_, i) => svc(`s${i}`, i === 17 ? 'down' : 'ok'));
    const shown = servicesToShow(all, 20);
    expect(shown.rows).toBe(12);
    expect(shown.list.map((s) => s.name)).toContain('s17');
    expect(shown.list).toHaveLength(11);
    expect(shown.hiddenOk).toBe(9);
    // The order of the list is kept.
    expect(shown.list.map((s) => s.name).indexOf('s17')).toBe(10);
  });
});
