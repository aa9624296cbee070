/** Runs a pipeline action for a command and replies the way Tux does (ephemeral for slash). */
import type { User } from 'discord.js';
import { UserError } from '#discord/commands/errors.ts';
import type { CommandContext } from '#discord/commands/types.ts';
import { errorEmbed, warningEmbed } from '#discord/ui/brand.ts';
import { caseEmbed } from '#modules/cases/case-embeds.ts';
import { createDiscordGuildPort } from '../discord-guild-port.ts';
import type { ModerationKit } from '../moderation-kit.ts';
import type { ModerationOutcome } from '../moderation-types.ts';
import { runModeration } from '../run-moderation.ts';

export interface ModerationInput {
  target: User | string;
  reason?: string | undefined;
  silent?: boolean | undefined;
  duration?: number | undefined;
  purge?: number | undefined;
}

export function outcomeEmbed(kit: ModerationKit, o: ModerationOutcome, silent = false) {
  if (o.failure) return errorEmbed({ title: 'Action Failed', description: o.failure.message });
  return caseEmbed(o.case, kit.types, {
    dmSent: o.dmSent,
    silent,
    notes: o.notices,
    names: { [o.target.id]: o.target.tag, [o.moderator.id]: o.moderator.tag },
  });
}

export async function moderateFromCommand(
  kit: ModerationKit,
  ctx: CommandContext,
  action: string,
  input: ModerationInput,
): Promise<ModerationOutcome> {
  if (!ctx.guild) throw new UserError('command.guild_only', 'This command cannot be used in private messages.');
  const deps = kit.deps();
  if (ctx.kind === 'slash') await ctx.defer({ ephemeral: true });
  const outcome = await runModeration(deps, {
    guild: createDiscordGuildPort(ctx.guild),
    action,
    moderatorId: ctx.user.id,
    targetId: typeof input.target === 'string' ? input.target : input.target.id,
    reason: input.reason,
    silent: input.silent,
    durationMs: input.duration,
    purgeDays: input.purge,
    respond: (o) => ctx.reply({ embeds: [outcomeEmbed(kit, o, input.silent === true)], ephemeral: true }),
  });
  if (outcome.escalation) {
    const e = outcome.escalation;
    await ctx.reply({
      embeds: [
        warningEmbed({
          title: 'Warn threshold reached',
          description: e.failure
            ? e.failure.message
            : `Case #${e.case.number} (${e.case.type}) applied automatically.\n> ${e.case.reason}`,
        }),
      ],
      ephemeral: true,
    });
  }
  return outcome;
}
