/** `cases [case or user]`, `cases view`, `cases search` and `cases modify` (which edits the mod-log post too). */
import type { Guild } from 'discord.js';
import { defineCommand } from '#discord/commands/define-command.ts';
import { guildResolver } from '#discord/commands/entity-resolver.ts';
import { UserError } from '#discord/commands/errors.ts';
import { arg, flag } from '#discord/commands/options.ts';
import type { AnyCommand, CommandContext } from '#discord/commands/types.ts';
import { infoEmbed } from '#discord/ui/brand.ts';
import { paginate } from '#discord/ui/interactive.ts';
import { caseEmbed, replaceCaseEmbed } from './case-embeds.ts';
import { caseListPages } from './case-list-embeds.ts';
import { modifyCase } from './case-modify.ts';
import { type Case, CaseError, countCases, getCase, listCases, MAX_REASON_LENGTH } from './case-store.ts';
import type { CaseTypeRegistry } from './case-types.ts';

const MAX_LISTED = 1000;
const MAX_CASE_NUMBER = 10_000_000;

function guildOf(ctx: CommandContext): Guild {
  if (!ctx.guild) throw new UserError('command.guild_only', 'This command cannot be used in private messages.');
  return ctx.guild;
}

async function showList(ctx: CommandContext, types: CaseTypeRegistry, title: string, rows: Case[]): Promise<void> {
  if (rows.length === 0) {
    await ctx.reply({ embeds: [infoEmbed({ description: 'No cases found.' })], ephemeral: true });
    return;
  }
  await paginate(ctx, caseListPages(title, rows, types), { ephemeral: true });
}

function footerFor(mod: { username: string }, at = Date.now()): string {
  const d = new Date(at).toISOString();
  return `Last updated by ${mod.username} • ${d.slice(0, 10)} ${d.slice(11, 16)} UTC`;
}

/** A case number (1–10,000,000) shows that case, a member or user lists theirs, nothing lists all. */
async function showCases(ctx: CommandContext, types: CaseTypeRegistry, argument: string | undefined): Promise<void> {
  const guild = guildOf(ctx);
  const db = ctx.app.db;
  const text = argument?.trim();
  if (!text) {
    await showList(
      ctx,
      types,
      `Total Cases: ${countCases(db, { guildId: guild.id })}`,
      listCases(db, { guildId: guild.id, limit: MAX_LISTED }),
    );
    return;
  }
  const number = /^#?\d{1,8}$/.test(text) ? Number(text.replace('#', '')) : 0;
  if (number >= 1 && number <= MAX_CASE_NUMBER) {
    const c = getCase(db, guild.id, number);
    if (!c) throw new UserError('cases.not-found', 'Case not found.');
    await ctx.reply({ embeds: [caseEmbed(c, types, { verb: 'viewed' })], ephemeral: true });
    return;
  }
  const userId =
    /^<@!?(\d{17,20})>$/.exec(text)?.[1] ??
    (/^\d{17,20}$/.test(text) ? text : null) ??
    (await guildResolver(ctx.client, guild).member(text))?.id;
  if (!userId) {
    throw new UserError(
      'cases.bad-argument',
      `Could not find case number or user '${text}'. Use a case number (e.g., \`123\`) or mention a user (e.g., \`@user\`).`,
    );
  }
  const rows = listCases(db, { guildId: guild.id, userId, limit: MAX_LISTED });
  await showList(ctx, types, `Total Cases for User: ${rows.length}`, rows);
}

export function casesCommand(types: CaseTypeRegistry): AnyCommand {
  const caseOrUser = (description: string) => arg.string({ description, optional: true });

  const view = defineCommand({
    name: 'view',
    aliases: ['v', 'show', 'get', 'list'],
    description: 'Show a case by number, the cases of a user, or all cases',
    defaultRank: 2,
    examples: ['cases view 42', 'cases view @member', 'cases view'],
    args: { case: caseOrUser('Case number or user (mention or id)') },
    run: (ctx, input) => showCases(ctx, types, input.case),
  });

  const search = defineCommand({
    name: 'search',
    aliases: ['filter', 'find'],
    description: 'Search cases by type, user and moderator',
    defaultRank: 2,
    examples: ['cases search -type ban', 'cases search -user @member -mod @moderator'],
    flags: {
      type: flag.string({ description: 'Case type (BAN, WARN, ...)', aliases: ['t'] }),
      user: flag.user({ description: 'Cases about this user', aliases: ['u'] }),
      mod: flag.user({ description: 'Cases by this moderator', aliases: ['m'] }),
    },
    async run(ctx, input) {
      const guild = guildOf(ctx);
      const type = input.type?.toUpperCase();
      if (type !== undefined && !types.has(type)) {
        throw new UserError(
          'cases.unknown-type',
          `Unknown case type \`${input.type}\`. Use one of: ${types.names().join(', ')}.`,
        );
      }
      const filter = {
        guildId: guild.id,
        ...(type ? { type } : {}),
        ...(input.user ? { userId: input.user.id } : {}),
        ...(input.mod ? { moderatorId: input.mod.id } : {}),
      };
      const rows = listCases(ctx.app.db, { ...filter, limit: MAX_LISTED });
      const parts = [`Total Cases${input.user ? ` for User: ${input.user.username}` : ''}`];
      if (input.mod) parts.push(`by Mod: ${input.mod.username}`);
      if (type) parts.push(`by Type: ${type} (${rows.length})`);
      else parts[0] += `: ${rows.length}`;
      await showList(ctx, types, parts.join(', '), rows);
    },
  });

  const modify = defineCommand({
    name: 'modify',
    aliases: ['m', 'edit', 'update'],
    description: "Change a case's status or reason",
    defaultRank: 3,
    examples: ['cases modify 42 -reason spam links', 'cases modify 42 -status false'],
    args: { number: arg.integer({ description: 'Case number', min: 1, max: 10_000_000 }) },
    flags: {
      status: flag.boolean({
        description: 'Active (true) or inactive (false)',
        aliases: ['s'],
        default: undefined as never,
      }),
      reason: flag.string({ description: 'New reason', aliases: ['r'], max: MAX_REASON_LENGTH }),
    },
    async run(ctx, input) {
      const guild = guildOf(ctx);
      const raw = input as { status?: boolean; reason?: string };
      const status = raw.status;
      let result: ReturnType<typeof modifyCase>;
      try {
        result = modifyCase(ctx.app.db, guild.id, input.number, { active: status, reason: raw.reason });
      } catch (err) {
        if (err instanceof CaseError) throw new UserError('cases.reason-too-long', err.message);
        throw err;
      }
      if (!result.ok) {
        const message = {
          empty: 'Status or reason must be provided.',
          'not-found': 'Case not found.',
          'no-change': 'No valid changes provided.',
        }[result.reason];
        throw new UserError(`cases.modify-${result.reason}`, message);
      }
      const c = result.case;
      await ctx.reply({ embeds: [caseEmbed(c, types, { verb: 'updated' })], ephemeral: true });
      if (c.modLogChannelId && c.modLogMessageId) {
        const embed = caseEmbed(c, types, { notes: ['Case Updated'], footer: footerFor(ctx.user) });
        try {
          // The post may carry other cases' embeds (a burst is logged 10 cases a message): replace only this one.
          const channel = await guild.channels.fetch(c.modLogChannelId);
          if (channel?.isTextBased()) {
            const message = await channel.messages.fetch(c.modLogMessageId);
            const embeds = replaceCaseEmbed(
              message.embeds.map((e) => e.toJSON()),
              c.number,
              embed,
            );
            await channel.messages.edit(c.modLogMessageId, { embeds });
          }
        } catch (err) {
          ctx.log.warn({ err, case: c.number }, 'could not edit the mod-log post of a modified case');
        }
      }
    },
  });

  return defineCommand({
    name: 'cases',
    aliases: ['case', 'c'],
    description: 'View, search and modify moderation cases',
    category: 'moderation',
    guildOnly: true,
    defaultRank: 2,
    examples: ['cases', 'cases 42', 'cases @member', 'cases search -type ban'],
    args: { case: caseOrUser('Case number, or a user (mention or id) to list their cases') },
    slashDefault: { name: 'show', description: 'Show a case by number, the cases of a user, or all cases' },
    run: (ctx, input) => showCases(ctx, types, input.case),
    subcommands: [view, search, modify],
  });
}
