import { describe, expect, it } from 'vitest';
import { routePrefix, routeSlash, slashPathOf } from './command-routing.ts';
import { defineCommand } from './define-command.ts';
import { usageLine } from './error-reporter.ts';
import { arg, flag } from './options.ts';
import { CommandRegistry } from './registry.ts';
import { toSlashJSON } from './slash-json.ts';
import { usageLines, usageOf } from './usage.ts';

const view = defineCommand({
  name: 'view',
  aliases: ['v', 'show'],
  description: 'View a case',
  args: { number: arg.integer({ description: 'Case number' }) },
  run: () => {},
});
const modify = defineCommand({
  name: 'modify',
  description: 'Modify a case',
  defaultRank: 3,
  args: { number: arg.integer({ description: 'Case number' }) },
  flags: { status: flag.boolean({ description: 'Active' }) },
  run: () => {},
});
const cases = defineCommand({
  name: 'cases',
  aliases: ['c'],
  description: 'Moderation cases',
  defaultRank: 2,
  args: { case: arg.string({ description: 'Case number or user', optional: true }) },
  flags: { active: flag.boolean({ description: 'Only active cases' }) },
  slashDefault: { name: 'show', description: 'Show a case or list cases' },
  run: () => {},
  subcommands: [view, modify],
});
const config = defineCommand({
  name: 'config',
  description: 'Configure',
  defaultRank: 5,
  run: () => {},
  subcommands: [
    defineCommand({
      name: 'ranks',
      description: 'Ranks',
      args: { rank: arg.integer({ description: 'A rank', optional: true }) },
      slashDefault: { name: 'list' },
      run: () => {},
      subcommands: [defineCommand({ name: 'init', description: 'Init', run: () => {} })],
    }),
  ],
});

const registry = new CommandRegistry();
registry.add('cases', [cases, config]);
const top = (name: string) => registry.get(name)!;

describe('a command with subcommands that runs on its own', () => {
  it('routes prefix words to a subcommand or alias, anything else to the parent', () => {
    const route = (rest: string) => {
      const r = routePrefix(top('cases'), rest);
      return [r.command.qualifiedName, r.rest.trim()];
    };
    expect(route('')).toEqual(['cases', '']);
    expect(route(' 5')).toEqual(['cases', '5']);
    expect(route(' <@123> -active')).toEqual(['cases', '<@123> -active']);
    expect(route(' view 5')).toEqual(['cases view', '5']);
    expect(route(' SHOW 5')).toEqual(['cases view', '5']);
    expect(route(' modify 5 -status false')).toEqual(['cases modify', '5 -status false']);
    // A quoted word is input, never a subcommand.
    expect(route(' "view"')).toEqual(['cases', '"view"']);
    expect(routePrefix(top('config'), ' ranks init').command.qualifiedName).toBe('config ranks init');
    expect(routePrefix(top('config'), ' ranks 3').command.qualifiedName).toBe('config ranks');
  });

  it('gives the parent its own slash subcommand, first, with its options', () => {
    const json = toSlashJSON(top('cases'));
    expect(json.options!.map((o) => [o.name, o.type, o.description])).toEqual([
      ['show', 1, 'Show a case or list cases'],
      ['view', 1, 'View a case'],
      ['modify', 1, 'Modify a case'],
    ]);
    const show = json.options![0] as { options: { name: string; required: boolean }[] };
    expect(show.options.map((o) => [o.name, o.required])).toEqual([
      ['case', false],
      ['active', false],
    ]);
    // In a group, the default is a subcommand of the group; its description defaults to the group's.
    const ranks = toSlashJSON(top('config')).options![0] as { type: number; options: { name: string }[] };
    expect(ranks.type).toBe(2);
    expect(ranks.options.map((o) => o.name)).toEqual(['list', 'init']);
    expect(ranks.options[0]).toMatchObject({ description: 'Ranks' });
  });

  it('resolves the slash default to the parent, with the parent rank', () => {
    expect(routeSlash(top('cases'), null, 'show')?.qualifiedName).toBe('cases');
    expect(routeSlash(top('cases'), null, 'show')?.defaultRank).toBe(2);
    expect(routeSlash(top('cases'), null, 'modify')?.defaultRank).toBe(3);
    expect(routeSlash(top('cases'), null, 'nope')).toBeUndefined();
    expect(routeSlash(top('config'), 'ranks', 'list')?.qualifiedName).toBe('config ranks');
    expect(routeSlash(top('config'), 'ranks', 'init')?.qualifiedName).toBe('config ranks init');
    expect(slashPathOf(top('cases'))).toBe('cases show');
    expect(slashPathOf(registry.resolve('cases view')!)).toBe('cases view');
  });

  it('shows both forms in usage, and the slash form in argument errors by slash', () => {
    expect(usageOf('cases', cases)).toBe('cases [case] [-active]');
    expect(usageLines('cases', cases)).toEqual(['cases [case] [-active]', 'cases <view | modify>']);
    expect(usageOf('config', config)).toBe('config [ranks]');
    expect(usageLines('config', config)).toEqual(['config [ranks]']);
    const command = top('cases');
    expect(usageLine({ kind: 'prefix', prefix: '$', command })).toBe('$cases [case] [-active]');
    expect(usageLine({ kind: 'slash', prefix: '$', command })).toBe('/cases show [case] [active]');
    expect(usageLine({ kind: 'slash', prefix: '$', command: registry.resolve('cases view')! })).toBe(
      '/cases view number:<number>',
    );
    expect(usageLine({ kind: 'slash', prefix: '$', command: registry.resolve('config ranks')! })).toBe(
      '/config ranks list [rank]',
    );
  });

  it('refuses definitions whose own form could not be reached or would clash', () => {
    const sub = defineCommand({ name: 'list', description: 'List', run: () => {} });
    const own = { case: arg.string({ description: 'Case', optional: true }) };
    expect(() => defineCommand({ name: 'x', description: 'd', args: own, run: () => {}, subcommands: [sub] })).toThrow(
      /command "x": .*declare slashDefault/,
    );
    expect(() => defineCommand({ name: 'x', description: 'd', args: own, subcommands: [sub] })).toThrow(
      /options without run\(\)/,
    );
    expect(() =>
      defineCommand({
        name: 'x',
        description: 'd',
        args: own,
        slashDefault: { name: 'list' },
        run: () => {},
        subcommands: [sub],
      }),
    ).toThrow(/slashDefault name "list" is also a subcommand's name/);
    expect(() =>
      defineCommand({
        name: 'x',
        description: 'd',
        slashDefault: { name: 'Bad Name' },
        run: () => {},
        subcommands: [sub],
      }),
    ).toThrow(/lower case/);
    expect(() => defineCommand({ name: 'x', description: 'd', slashDefault: { name: 'show' }, run: () => {} })).toThrow(
      /only for a command with subcommands/,
    );
    // Prefix-only parents and parents without options need no slash default.
    defineCommand({ name: 'x', description: 'd', args: own, slash: false, run: () => {}, subcommands: [sub] });
    defineCommand({ name: 'y', description: 'd', run: () => {}, subcommands: [sub] });
  });
});
