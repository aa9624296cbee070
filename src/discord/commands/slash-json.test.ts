import { describe, expect, it } from 'vitest';
import { defineCommand } from './define-command.ts';
import { arg, flag } from './options.ts';
import { CommandRegistry } from './registry.ts';
import { toSlashJSON } from './slash-json.ts';
import { sameCommand } from './sync.ts';

const ban = defineCommand({
  name: 'ban',
  description: 'Ban a member',
  defaultRank: 3,
  guildOnly: true,
  args: { member: arg.member({ description: 'Who' }), reason: arg.reason() },
  flags: {
    purge: flag.integer({ description: 'Days', default: 0, min: 0, max: 7 }),
    silent: flag.boolean({ description: 'Quiet' }),
    duration: flag.duration({ description: 'How long', required: true }),
  },
  run: () => {},
});

const config = defineCommand({
  name: 'config',
  description: 'Configure',
  defaultRank: 5,
  subcommands: [
    defineCommand({
      name: 'prefix',
      description: 'Prefix',
      args: { p: arg.string({ description: 'p', optional: true }) },
      run: () => {},
    }),
    defineCommand({
      name: 'ranks',
      description: 'Ranks',
      defaultRank: 6,
      subcommands: [defineCommand({ name: 'init', description: 'Init', run: () => {} })],
    }),
  ],
});

describe('slash JSON', () => {
  const registry = new CommandRegistry();
  registry.add('moderation', [ban, config]);

  it('turns args and flags into options, required first', () => {
    const json = toSlashJSON(registry.get('ban')!);
    expect(json.options!.map((o) => [o.name, o.type, o.required])).toEqual([
      ['member', 6, true],
      ['duration', 3, true],
      ['reason', 3, false],
      ['purge', 4, false],
      ['silent', 5, false],
    ]);
    expect(json.options!.find((o) => o.name === 'purge')).toMatchObject({ min_value: 0, max_value: 7 });
    expect(json.contexts).toEqual([0]);
  });

  it('nests subcommand groups and inherits ranks', () => {
    const json = toSlashJSON(registry.get('config')!);
    expect(json.options!.map((o) => [o.name, o.type])).toEqual([
      ['prefix', 1],
      ['ranks', 2],
    ]);
    expect(registry.resolve('config ranks init')!.defaultRank).toBe(6);
    expect(registry.resolve('config prefix')!.defaultRank).toBe(5);
    expect(registry.resolve('config nope')).toBeUndefined();
  });

  it('compares with what Discord returns, ignoring fields Discord adds', () => {
    const desired = toSlashJSON(registry.get('ban')!);
    const remote = {
      ...desired,
      id: '1',
      application_id: '2',
      version: '3',
      default_member_permissions: null,
      nsfw: false,
      options: desired.options!.map((o) => ({ ...o, required: o.required || undefined, name_localizations: null })),
    };
    expect(sameCommand(desired, remote as never)).toBe(true);
    expect(sameCommand(desired, { ...remote, description: 'changed' } as never)).toBe(false);
  });

  it('refuses duplicate names across modules and undeclared ranks', () => {
    expect(() => registry.add('other', [ban])).toThrow(/already used/);
    expect(() =>
      new CommandRegistry().add('x', [defineCommand({ name: 'a', description: 'a', run: () => {} })]),
    ).toThrow(/defaultRank/);
  });
});

describe('attachment option', () => {
  it('is an option of type 11, required unless optional', () => {
    const fry = defineCommand({
      name: 'fry',
      description: 'Fry',
      defaultRank: 0,
      args: {
        image: arg.attachment({ description: 'The image' }),
        extra: arg.attachment({ description: 'Another', optional: true }),
      },
      run: () => {},
    });
    const registry = new CommandRegistry();
    registry.add('fun', [fry]);
    const json = toSlashJSON(registry.get('fry')!);
    expect(json.options).toEqual([
      { type: 11, name: 'image', description: 'The image', required: true },
      { type: 11, name: 'extra', description: 'Another', required: false },
    ]);
  });
});
