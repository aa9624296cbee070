/**
 * One place decides how a failure is shown. A UserError is a short reply (ephemeral by slash) naming the problem;
 * an argument error adds the usage line. Anything else gets an error id, logged with its stack and the command's
 * context, and the user sees only the id: no internals, no secrets.
 */
import { randomBytes } from 'node:crypto';
import { RESTJSONErrorCodes } from 'discord-api-types/v10';
import type { Logger } from '#core/log/types.ts';
import { isDiscordApiError } from '../discord-lib.ts';
import { errorEmbed } from '../ui/brand.ts';
import { slashPathOf } from './command-routing.ts';
import { ArgumentError, UserError } from './errors.ts';
import type { CommandContext } from './types.ts';
import { slashUsage, usageOf } from './usage.ts';

export function newErrorId(): string {
  return randomBytes(4).toString('hex');
}

export function usageLine(ctx: Pick<CommandContext, 'kind' | 'prefix' | 'command'>): string {
  const cmd = ctx.command;
  if (ctx.kind === 'slash') {
    // Slash syntax ("/timeout target:<target> duration:<duration> [reason]"); a parent's own form runs as its
    // slashDefault subcommand ("/cases show [case]"); a group without one lists its subcommands.
    const path = slashPathOf(cmd);
    if (cmd.children.size > 0 && path === cmd.qualifiedName) {
      const subs = [...cmd.children.values()].filter((c) => c.slash).map((c) => c.name);
      return `/${path} <${subs.join(' | ')}>`;
    }
    return `/${slashUsage(path, cmd.def)}`;
  }
  return `${ctx.prefix}${usageOf(cmd.qualifiedName, cmd.def)}`;
}

/** Maps Discord refusals a user can act on to a UserError; null for everything else. */
export function userErrorFromDiscord(err: unknown): UserError | null {
  if (!isDiscordApiError(err)) return null;
  if (err.code === RESTJSONErrorCodes.MissingPermissions) {
    return new UserError(
      'discord.missing_permissions',
      "I don't have the Discord permission to do that here. Ask an admin to check my role and its position.",
    );
  }
  if (err.code === RESTJSONErrorCodes.UnknownMember || err.code === RESTJSONErrorCodes.UnknownUser) {
    return new UserError('discord.unknown_member', 'That member or user no longer exists.');
  }
  if (err.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser) {
    return new UserError('discord.cannot_dm', 'I cannot send direct messages to that user.');
  }
  return null;
}

export async function reportCommandError(ctx: CommandContext, err: unknown, log: Logger): Promise<void> {
  const user = err instanceof UserError ? err : userErrorFromDiscord(err);
  let description: string;
  let title = 'Command Error';
  if (user) {
    title = user.title ?? title;
    description = user.message;
    if (user instanceof ArgumentError) description += `\n\nUsage: \`${usageLine(ctx)}\``;
    log.debug(
      { errorKind: user.id, command: ctx.command.qualifiedName, user: ctx.user.id },
      `command refused: ${user.id}`,
    );
  } else {
    const errorId = newErrorId();
    log.error(
      {
        err,
        errorId,
        command: ctx.command.qualifiedName,
        kind: ctx.kind,
        user: ctx.user.id,
        guild: ctx.guildId,
        channel: ctx.channelId,
      },
      `command ${ctx.command.qualifiedName} failed (error id ${errorId})`,
    );
    description = `Something went wrong (error id \`${errorId}\`). It has been logged; give this id to an admin.`;
  }
  try {
    await ctx.reply({ embeds: [errorEmbed({ title, description })], ephemeral: true });
  } catch (replyErr) {
    log.warn({ err: replyErr, command: ctx.command.qualifiedName }, 'could not send the error reply');
  }
}
