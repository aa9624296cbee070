/** `config`: the server's prefix, permission ranks, role ranks and command ranks. */
import { arg, type CommandContext, defineCommand, UserError } from '#discord/commands/index.ts';
import { brandEmbed, successEmbed } from '#discord/ui/index.ts';
import { moduleSettingsCommand } from './config-module-settings.ts';
import { commandsGroup, ranksGroup, rolesGroup } from './config-permissions.ts';

function overview(ctx: CommandContext) {
  const guildId = ctx.guildId!;
  const perms = ctx.app.discord.permissions;
  const ranks = perms.ranks(guildId);
  const roles = perms.assignments(guildId);
  const overrides = perms.commandRanks(guildId);
  return brandEmbed('info', {
    title: 'Server configuration',
    fields: [
      {
        name: 'Prefix',
        value: `\`${ctx.app.discord.prefixes.get(guildId)}\`${ctx.app.discord.prefixes.forced() ? ' (forced by the bot owner)' : ''}`,
        inline: true,
      },
      { name: 'Permission ranks', value: `${ranks.length} (${ranks.map((r) => r.rank).join(', ')})`, inline: true },
      { name: 'Roles with a rank', value: String(roles.size), inline: true },
      { name: 'Command rank overrides', value: String(overrides.size), inline: true },
      {
        name: 'Manage',
        value: [
          `\`${ctx.prefix}config prefix <new>\``,
          `\`${ctx.prefix}config ranks list|init|create|delete\``,
          `\`${ctx.prefix}config roles assign @role <rank>\``,
          `\`${ctx.prefix}config commands set <rank> <command>\``,
        ].join('\n'),
      },
    ],
  });
}

export const configCommand = defineCommand({
  name: 'config',
  aliases: ['settings'],
  description: 'Configure the bot for this server',
  category: 'Admin',
  guildOnly: true,
  defaultRank: 5,
  run: async (ctx) => {
    await ctx.reply({ embeds: [overview(ctx)] });
  },
  subcommands: [
    defineCommand({
      name: 'overview',
      aliases: ['dashboard'],
      description: 'Show the server configuration',
      run: async (ctx) => {
        await ctx.reply({ embeds: [overview(ctx)] });
      },
    }),
    defineCommand({
      name: 'prefix',
      description: 'Show or set the command prefix ("reset" for the default)',
      args: { prefix: arg.string({ description: 'New prefix (1–5 characters) or "reset"', optional: true, max: 10 }) },
      run: async (ctx, { prefix }) => {
        const prefixes = ctx.app.discord.prefixes;
        const guildId = ctx.guildId!;
        if (prefix === undefined) {
          await ctx.reply({
            embeds: [
              brandEmbed('info', { title: 'Prefix', description: `The prefix here is \`${prefixes.get(guildId)}\`.` }),
            ],
          });
          return;
        }
        if (prefixes.forced()) {
          throw new UserError(
            'prefix.forced',
            `The bot owner forces the prefix \`${prefixes.defaultPrefix()}\` everywhere (bot.force_prefix), so it cannot be changed here.`,
          );
        }
        const reset = prefix.toLowerCase() === 'reset';
        prefixes.set(guildId, reset ? null : prefix);
        ctx.app.audit.record({
          actor: `discord:${ctx.user.id}`,
          action: 'guild.prefix.set',
          target: guildId,
          details: { prefix: reset ? null : prefix },
          outcome: 'ok',
        });
        await ctx.reply({
          embeds: [
            successEmbed({ title: 'Prefix changed', description: `The prefix is now \`${prefixes.get(guildId)}\`.` }),
          ],
        });
      },
    }),
    ranksGroup,
    rolesGroup,
    commandsGroup,
    moduleSettingsCommand,
  ],
});
