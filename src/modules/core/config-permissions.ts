/** `config ranks|roles|commands`: permission ranks, role → rank assignments and per-command rank overrides. */

import {
  type AutocompleteContext,
  arg,
  type CommandContext,
  defineCommand,
  UserError,
} from '#discord/commands/index.ts';
import { MAX_RANK } from '#discord/permissions/default-ranks.ts';
import { brandEmbed, paginate, successEmbed, warningEmbed } from '#discord/ui/index.ts';

function guildOf(ctx: CommandContext): string {
  if (!ctx.guildId) throw new UserError('command.guild_only', 'This command cannot be used in private messages.');
  return ctx.guildId;
}

function audit(ctx: CommandContext, action: string, details: Record<string, unknown>): void {
  ctx.app.audit.record({ actor: `discord:${ctx.user.id}`, action, target: ctx.guildId, details, outcome: 'ok' });
}

const rankArg = () => arg.integer({ description: `Rank number (0–${MAX_RANK})`, min: 0, max: MAX_RANK });

function rankListEmbed(ctx: CommandContext, title: string): ReturnType<typeof brandEmbed> {
  const guildId = guildOf(ctx);
  const ranks = ctx.app.discord.permissions.ranks(guildId);
  return brandEmbed('info', {
    title,
    description:
      ranks.map((r) => `**${r.rank}** · ${r.name}${r.description ? `\n-# ${r.description}` : ''}`).join('\n') ||
      'No ranks.',
  });
}

export const ranksGroup = defineCommand({
  name: 'ranks',
  description: 'Permission ranks (0–10)',
  subcommands: [
    defineCommand({
      name: 'init',
      description: 'Create the default ranks 0–7',
      run: async (ctx) => {
        const guildId = guildOf(ctx);
        const created = ctx.app.discord.permissions.ensureDefaultRanks(guildId);
        if (!created) {
          await ctx.reply({
            embeds: [
              warningEmbed({
                title: 'Permission Ranks Already Exist',
                description: `This server already has ranks. Existing ranks will be preserved.\nSee them with \`${ctx.prefix}config ranks list\`.`,
              }),
            ],
          });
          return;
        }
        audit(ctx, 'permission.ranks.init', {});
        await ctx.reply({ embeds: [rankListEmbed(ctx, 'Default ranks created')] });
      },
    }),
    defineCommand({
      name: 'list',
      aliases: ['ls'],
      description: 'List the ranks',
      run: async (ctx) => {
        await ctx.reply({ embeds: [rankListEmbed(ctx, 'Permission ranks')] });
      },
    }),
    defineCommand({
      name: 'create',
      aliases: ['add'],
      description: 'Create a rank',
      args: {
        rank: rankArg(),
        name: arg.string({ description: 'Rank name', min: 1, max: 100 }),
        description: arg.text({ description: 'What the rank is for', optional: true, max: 500 }),
      },
      run: async (ctx, { rank, name, description }) => {
        const row = ctx.app.discord.permissions.createRank(guildOf(ctx), rank, name, description ?? '');
        audit(ctx, 'permission.rank.create', { rank, name: row.name });
        await ctx.reply({
          embeds: [successEmbed({ title: 'Rank created', description: `**${row.rank}** · ${row.name}` })],
        });
      },
    }),
    defineCommand({
      name: 'delete',
      aliases: ['remove', 'rm'],
      description: 'Delete a rank (its role assignments and command settings go with it)',
      args: { rank: rankArg() },
      run: async (ctx, { rank }) => {
        const removed = ctx.app.discord.permissions.deleteRank(guildOf(ctx), rank);
        audit(ctx, 'permission.rank.delete', { rank, ...removed });
        await ctx.reply({
          embeds: [
            successEmbed({
              title: 'Rank deleted',
              description: `Rank **${rank}** deleted, with ${removed.roles} role assignment(s) and ${removed.commands} command setting(s).`,
            }),
          ],
        });
      },
    }),
  ],
});

export const rolesGroup = defineCommand({
  name: 'roles',
  aliases: ['role'],
  description: 'Which roles have which rank',
  subcommands: [
    defineCommand({
      name: 'assign',
      aliases: ['set'],
      description: 'Give a role a rank',
      args: { role: arg.role({ description: 'Discord role' }), rank: rankArg() },
      run: async (ctx, { role, rank }) => {
        const guildId = guildOf(ctx);
        ctx.app.discord.permissions.assignRole(guildId, role.id, rank);
        audit(ctx, 'permission.role.assign', { role: role.id, rank });
        const name = ctx.app.discord.permissions.rankName(guildId, rank);
        await ctx.reply({
          embeds: [
            successEmbed({
              title: 'Role assigned',
              description: `<@&${role.id}> now has rank **${rank}**${name ? ` (${name})` : ''}.`,
            }),
          ],
          allowedMentions: { parse: [] },
        });
      },
    }),
    defineCommand({
      name: 'unassign',
      aliases: ['unset'],
      description: 'Remove a role’s rank',
      args: { role: arg.role({ description: 'Discord role' }) },
      run: async (ctx, { role }) => {
        const removed = ctx.app.discord.permissions.unassignRole(guildOf(ctx), role.id);
        if (!removed) throw new UserError('permission.role_unassigned', `<@&${role.id}> has no rank.`);
        audit(ctx, 'permission.role.unassign', { role: role.id });
        await ctx.reply({
          embeds: [successEmbed({ title: 'Role unassigned', description: `<@&${role.id}> no longer has a rank.` })],
          allowedMentions: { parse: [] },
        });
      },
    }),
    defineCommand({
      name: 'list',
      aliases: ['ls'],
      description: 'List role assignments',
      run: async (ctx) => {
        const guildId = guildOf(ctx);
        const perms = ctx.app.discord.permissions;
        const rows = [...perms.assignments(guildId).entries()].sort((a, b) => b[1] - a[1]);
        const lines = rows.map(
          ([roleId, rank]) => `<@&${roleId}> → **${rank}** ${perms.rankName(guildId, rank) ?? ''}`,
        );
        await ctx.reply({
          embeds: [
            brandEmbed('info', {
              title: 'Role assignments',
              description:
                lines.join('\n') || `No role has a rank yet. Use \`${ctx.prefix}config roles assign @role <rank>\`.`,
            }),
          ],
          allowedMentions: { parse: [] },
        });
      },
    }),
  ],
});

function commandAutocomplete(actx: AutocompleteContext, typed: string) {
  const q = typed.toLowerCase();
  return actx.app.discord.commands
    .all()
    .filter((c) => !c.ownerOnly && c.qualifiedName.includes(q))
    .slice(0, 25)
    .map((c) => ({ name: c.qualifiedName, value: c.qualifiedName }));
}

function findCommand(ctx: CommandContext, name: string) {
  const cmd = ctx.app.discord.commands.resolve(name.replace(/^[/$]/, ''));
  if (!cmd) {
    throw new UserError(
      'permission.unknown_command',
      `No command \`${name.slice(0, 50)}\`. Give its full name, e.g. \`config ranks init\`.`,
    );
  }
  return cmd;
}

export const commandsGroup = defineCommand({
  name: 'commands',
  description: 'Which rank each command needs',
  subcommands: [
    defineCommand({
      name: 'set',
      description: 'Set the rank a command needs here',
      args: {
        rank: rankArg(),
        command: arg.text({
          description: 'Command, e.g. "ban" or "config ranks"',
          max: 100,
          autocomplete: commandAutocomplete,
        }),
      },
      run: async (ctx, { command, rank }) => {
        const guildId = guildOf(ctx);
        const cmd = findCommand(ctx, command);
        ctx.app.discord.permissions.setCommandRank(guildId, cmd, rank);
        audit(ctx, 'permission.command.set', { command: cmd.qualifiedName, rank });
        const name = ctx.app.discord.permissions.rankName(guildId, rank);
        await ctx.reply({
          embeds: [
            successEmbed({
              title: 'Command rank set',
              description: `\`${cmd.qualifiedName}\` now needs rank **${rank}**${name ? ` (${name})` : ''}.`,
            }),
          ],
        });
      },
    }),
    defineCommand({
      name: 'reset',
      description: 'Go back to the command’s default rank',
      args: { command: arg.text({ description: 'Command', max: 100, autocomplete: commandAutocomplete }) },
      run: async (ctx, { command }) => {
        const guildId = guildOf(ctx);
        const cmd = findCommand(ctx, command);
        const had = ctx.app.discord.permissions.resetCommandRank(guildId, cmd.qualifiedName);
        if (!had)
          throw new UserError('permission.command_default', `\`${cmd.qualifiedName}\` already uses its default rank.`);
        audit(ctx, 'permission.command.reset', { command: cmd.qualifiedName });
        const now = ctx.app.discord.permissions.requiredRank(guildId, cmd);
        await ctx.reply({
          embeds: [
            successEmbed({
              title: 'Command rank reset',
              description: `\`${cmd.qualifiedName}\` now needs rank **${now.rank}**.`,
            }),
          ],
        });
      },
    }),
    defineCommand({
      name: 'list',
      aliases: ['ls'],
      description: 'List every command and the rank it needs',
      run: async (ctx) => {
        const guildId = guildOf(ctx);
        const perms = ctx.app.discord.permissions;
        const lines = ctx.app.discord.commands
          .all()
          .filter((c) => c.def.run && !c.hidden)
          .map((c) => {
            if (c.ownerOnly) return `\`${c.qualifiedName}\` – owners only`;
            const r = perms.requiredRank(guildId, c);
            return `\`${c.qualifiedName}\` – **${r.rank}**${r.source === 'override' ? ' (set here)' : ''}`;
          });
        const pages = [];
        for (let i = 0; i < lines.length; i += 20) {
          pages.push(brandEmbed('info', { title: 'Command ranks', description: lines.slice(i, i + 20).join('\n') }));
        }
        await paginate(
          ctx,
          pages.length ? pages : [brandEmbed('info', { title: 'Command ranks', description: 'No commands.' })],
        );
      },
    }),
  ],
});
