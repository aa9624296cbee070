import { defineCommand } from '#discord/commands/define-command.ts';
import { UserError } from '#discord/commands/errors.ts';
import { arg } from '#discord/commands/options.ts';
import { MAX_REASON_LENGTH } from '#modules/cases/case-store.ts';
import { createDiscordGuildPort } from '../discord-guild-port.ts';
import type { ModerationKit } from '../moderation-kit.ts';
import { findBannedUser, typedUserId } from '../unban-target.ts';
import { moderateFromCommand } from './moderate-from-command.ts';

export function unbanCommand(kit: ModerationKit) {
  return defineCommand({
    name: 'unban',
    aliases: ['ub'],
    description: 'Unban a user by id, name or part of the name',
    category: 'moderation',
    guildOnly: true,
    defaultRank: 3,
    examples: ['unban 123456789012345678 appeal accepted', 'unban spammer'],
    args: {
      user: arg.string({ description: 'User id, mention, name or part of the name' }),
      reason: arg.reason({ max: MAX_REASON_LENGTH }),
    },
    async run(ctx, input) {
      if (!ctx.guild) throw new UserError('command.guild_only', 'This command cannot be used in private messages.');
      const bans = await createDiscordGuildPort(ctx.guild).bans();
      // An id that is not in the ban list goes to the pipeline, which names the user ("erin is not banned.") or
      // says no such user exists.
      const id = typedUserId(input.user);
      const target = id && !bans.some((b) => b.id === id) ? id : findBannedUser(bans, input.user).id;
      await moderateFromCommand(kit, ctx, 'unban', { target, reason: input.reason, silent: true });
    },
  });
}
