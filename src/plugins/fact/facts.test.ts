import { describe, expect, it } from 'vitest';
import { fill, loadCategories, resolveCategory } from './facts.ts';

const values = { bot_name: 'Tux', bot_version: '1.2.3', member_count: 42, guild_count: 2, prefix: '$' };

describe('fact categories', () => {
  const categories = loadCategories();
  const display = (key: string) => fill(categories.get(key)?.name ?? key, values);

  it('ships Linux, Tux and Taco Bell facts, and the two web categories', () => {
    expect([...categories.keys()]).toEqual(['linux', 'cat', 'useless', 'tux', 'taco_bell']);
    const linux = categories.get('linux');
    expect(linux && 'facts' in linux ? linux.facts.length : 0).toBe(20);
    expect(categories.get('cat')).toEqual({ name: 'Cat', web: { field: 'fact' } });
  });

  it('finds a category by key, display name (any case, spaces) or at random among the allowed', () => {
    const all = [...categories.keys()];
    expect(resolveCategory('LINUX', categories, display, all)).toBe('linux');
    expect(resolveCategory('taco bell', categories, display, all)).toBe('taco_bell');
    expect(resolveCategory('Taco-Bell', categories, display, all)).toBe('taco_bell');
    expect(resolveCategory('tux', categories, display, all)).toBe('tux');
    expect(resolveCategory('Useless', categories, display, all)).toBe('useless');
    expect(resolveCategory('nope', categories, display, all)).toBeNull();
    const statics = ['linux', 'tux', 'taco_bell'];
    expect(resolveCategory(undefined, categories, display, statics, () => 0)).toBe('linux');
    expect(resolveCategory('random', categories, display, statics, () => 0.99)).toBe('taco_bell');
  });

  it('matches the display name after placeholders are filled', () => {
    const named = (key: string) => fill(categories.get(key)?.name ?? key, { ...values, bot_name: 'Penguin' });
    expect(resolveCategory('penguin', categories, named, ['tux'])).toBe('tux');
  });

  it('fills the placeholders it knows and leaves the rest', () => {
    expect(fill('{bot_name} {bot_version} {member_count} {guild_count} {prefix}help {other}', values)).toBe(
      'Tux 1.2.3 42 2 $help {other}',
    );
  });

  it('refuses a broken facts file', () => {
    expect(() => loadCategories({ categories: { linux: { name: 'Linux', facts: [] } } })).toThrow();
    expect(() => loadCategories({ categories: { Bad: { name: 'x', facts: ['y'] } } })).toThrow();
  });
});
