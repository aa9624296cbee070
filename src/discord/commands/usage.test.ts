import { describe, expect, it } from 'vitest';
import { defineCommand } from './define-command.ts';
import { usageLine } from './error-reporter.ts';
import { arg, flag } from './options.ts';
import { CommandRegistry } from './registry.ts';
import { toSlashJSON } from './slash-json.ts';
import { slashUsage, usageOf } from './usage.ts';

const timeout = defineCommand({
  name: 'timeout',
  aliases: ['t', 'to'],
  description: 'Time a member out',
  defaultRank: 2,
  args: {
    target: arg.member({ description: 'Member to time out' }),
    duration: arg.duration({ description: 'How long' }),
    reason: arg.reason(),
  },
  flags: { silent: flag.boolean({ description: 'Do not DM the member', aliases: ['s'] }) },
  run: () => {},
});
const purge = defineCommand({
  name: 'purge',
  description: 'Delete messages',
  defaultRank: 2,
  args: { amount: arg.integer({ description: 'How many', optional: true }) },
  flags: {
    channel: flag.channel({ description: 'Where', required: true }),
    user: flag.user({ description: 'Only theirs' }),
  },
  run: () => {},
});
const config = defineCommand({
  name: 'config',
  description: 'Configure',
  defaultRank: 5,
  subcommands: [
    defineCommand({ name: 'prefix', description: 'Prefix', run: () => {} }),
    defineCommand({ name: 'logs', description: 'Logs', slash: false, run: () => {} }),
  ],
});

const registry = new CommandRegistry();
registry.add('mod', [timeout, purge, config]);

describe('usage lines', () => {
  it('writes slash usage as options (name:<name>, optional in brackets), in the order Discord lists them', () => {
    expect(slashUsage('timeout', timeout)).toBe('timeout target:<target> duration:<duration> [reason] [silent]');
    // A required flag is a required option and goes before the optional argument, as in the registered JSON.
    expect(slashUsage('purge', purge)).toBe('purge channel:<channel> [amount] [user]');
    const order = (toSlashJSON(registry.get('purge')!).options ?? []).map((o) => o.name);
    expect(order).toEqual(['channel', 'amount', 'user']);
  });

  it('shows slash syntax for slash invocations and prefix syntax for prefix ones', () => {
    const command = registry.get('timeout')!;
    expect(usageLine({ kind: 'slash', prefix: '$', command })).toBe(
      '/timeout target:<target> duration:<duration> [reason] [silent]',
    );
    expect(usageLine({ kind: 'prefix', prefix: '!', command })).toBe('!timeout @target <duration> [reason] [-silent]');
    expect(usageLine({ kind: 'prefix', prefix: '$', command: registry.get('purge')! })).toBe(
      '$purge [amount] -channel [-user]',
    );
    // A group by slash lists only the subcommands offered by slash.
    expect(usageLine({ kind: 'slash', prefix: '$', command: registry.get('config')! })).toBe('/config <prefix>');
    expect(usageOf('config', config)).toBe('config <prefix | logs>');
  });
});
