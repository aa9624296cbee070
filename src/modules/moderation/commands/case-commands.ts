/**
 * The case-creating commands. Each is the same shape — target, reason, flags — and hands its input to the pipeline;
 * only names, aliases, flags and ranks differ.
 */

import { defineCommand } from '#discord/commands/define-command.ts';
import { arg, flag } from '#discord/commands/options.ts';
import type { AnyCommand } from '#discord/commands/types.ts';
import { MAX_REASON_LENGTH } from '#modules/cases/case-store.ts';
import type { ModerationKit } from '../moderation-kit.ts';
import { moderateFromCommand } from './moderate-from-command.ts';

interface CaseCommandSpec {
  name: string;
  action?: string;
  aliases: string[];
  description: string;
  rank: number;
  duration?: 'required' | 'optional';
  purge?: boolean;
  /** No DM is ever sent (notes, hackban): no -silent flag. */
  noDm?: boolean;
  targetDescription?: string;
  examples?: string[];
  cooldown?: { seconds: number; scope: 'guild' };
}

const target = (description = 'Member (mention or id)') => arg.user({ description, usageName: 'member' });
const reason = () => arg.reason({ max: MAX_REASON_LENGTH });
const silent = () => flag.boolean({ description: 'Do not DM the user', aliases: ['s', 'quiet'] });
/** The first word after the member (`timeout @carol 10m spam`), or `-duration 10m` among the flags as in Tux. */
const duration = (optional: boolean) =>
  arg.duration({ description: 'How long, e.g. 10m, 1h30m, 2d, 1w', asFlag: ['duration', 't', 'd', 'e'], optional });
const purge = () =>
  flag.integer({ description: 'Days of their messages to delete (0-7)', aliases: ['p'], min: 0, max: 7, default: 0 });

function caseCommand(kit: ModerationKit, spec: CaseCommandSpec): AnyCommand {
  const flags: Record<string, ReturnType<typeof silent> | ReturnType<typeof purge>> = {};
  const args = spec.duration
    ? { target: target(spec.targetDescription), duration: duration(spec.duration === 'optional'), reason: reason() }
    : { target: target(spec.targetDescription), reason: reason() };
  if (spec.purge) flags.purge = purge();
  if (!spec.noDm) flags.silent = silent();
  return defineCommand({
    name: spec.name,
    aliases: spec.aliases,
    description: spec.description,
    category: 'moderation',
    guildOnly: true,
    defaultRank: spec.rank,
    ...(spec.cooldown ? { cooldown: spec.cooldown } : {}),
    examples: spec.examples ?? [],
    args,
    flags,
    async run(ctx, input) {
      const i = input as Record<string, unknown>;
      await moderateFromCommand(kit, ctx, spec.action ?? spec.name, {
        target: input.target,
        reason: input.reason,
        silent: i.silent as boolean | undefined,
        duration: i.duration as number | undefined,
        purge: i.purge as number | undefined,
      });
    },
  });
}

export function caseCommands(kit: ModerationKit): AnyCommand[] {
  const specs: CaseCommandSpec[] = [
    {
      name: 'ban',
      aliases: ['b'],
      description: 'Ban a member or any user by id',
      rank: 3,
      purge: true,
      targetDescription: 'Member or user (mention or id)',
      examples: ['ban @spammer spam links -purge 1', 'ban 123456789012345678 raid -silent'],
    },
    {
      name: 'tempban',
      aliases: ['tb'],
      description: 'Ban a member for a while; lifted automatically',
      rank: 3,
      duration: 'required',
      purge: true,
      examples: ['tempban @member 7d cool off', 'tempban @member cool off -duration 7d'],
    },
    {
      name: 'hackban',
      aliases: ['hb'],
      description: 'Ban a user who is not in the server, by id',
      rank: 3,
      purge: true,
      noDm: true,
      targetDescription: 'User id (not in the server)',
    },
    { name: 'kick', aliases: ['k'], description: 'Kick a member from the server', rank: 3 },
    { name: 'warn', aliases: ['w'], description: 'Warn a member', rank: 2 },
    {
      name: 'note',
      aliases: ['n'],
      description: 'Record a note on a user (no action, no DM)',
      rank: 2,
      noDm: true,
      targetDescription: 'Member or user (mention or id)',
    },
    {
      name: 'timeout',
      aliases: ['to', 'mute'],
      description: 'Time a member out (at most 28 days)',
      rank: 2,
      duration: 'required',
      examples: ['timeout @member 10m spamming', 'timeout @member spam -duration 1h'],
    },
    { name: 'untimeout', aliases: ['uto', 'unmute'], description: "Lift a member's timeout", rank: 2 },
    {
      name: 'jail',
      aliases: ['j'],
      description: 'Jail a member: only the jail channel stays visible',
      rank: 2,
      duration: 'optional',
      cooldown: { seconds: 5, scope: 'guild' },
      examples: ['jail @member rule 3', 'jail @member 1d cool off'],
    },
    { name: 'unjail', aliases: ['uj'], description: 'Release a member from jail and give back their roles', rank: 2 },
    { name: 'snippetban', aliases: ['sb'], description: 'Stop a member from using snippets', rank: 2 },
    { name: 'snippetunban', aliases: ['sub'], description: 'Let a member use snippets again', rank: 2 },
    { name: 'pollban', aliases: ['pb'], description: 'Stop a member from creating polls', rank: 2 },
    { name: 'pollunban', aliases: ['pub'], description: 'Let a member create polls again', rank: 2 },
  ];
  return specs.map((s) => caseCommand(kit, s));
}
