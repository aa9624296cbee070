/** `statusroles add|remove|list|sweep` (staff, rank 5): roles given while a member's custom status matches a regex. */
import { GatewayIntentBits } from 'discord-api-types/v10';
import { SettingsError } from '#core/settings/guild-settings.ts';
import { type AnyCommand, arg, type CommandContext, defineCommand, UserError } from '#discord/commands/index.ts';
import { infoEmbed, successEmbed } from '#discord/ui/index.ts';
import { MAX_MAPPINGS, MAX_PATTERN, PATTERN_FLAGS, type StatusRoleMapping } from './settings.ts';
import { MODULE, type StatusRolesRuntime } from './status-roles-runtime.ts';

function saveMappings(ctx: CommandContext, mappings: StatusRoleMapping[]): void {
  try {
    ctx.app.settings.set(MODULE, ctx.guildId!, 'mappings', mappings, `discord:${ctx.user.id}`);
  } catch (err) {
    if (err instanceof SettingsError) throw new UserError('statusroles.setting', err.message);
    throw err;
  }
}

/** Said whenever the bot cannot see statuses: the admin must allow the presence intent first. */
function presenceHint(ctx: CommandContext): string {
  return ctx.app.config.current().discord.presences
    ? ''
    : '\n\n⚠️ Presence updates are off: an admin must enable the Presence Intent in the Developer Portal and set `discord.presences = true`.';
}

export function statusRolesCommands(runtime: StatusRolesRuntime): AnyCommand[] {
  const mappingsOf = (ctx: CommandContext) => runtime.settings(ctx.app, ctx.guildId!).mappings;
  const statusroles = defineCommand({
    name: 'statusroles',
    aliases: ['sr'],
    description: 'Roles given while a member’s custom status matches a regex',
    category: 'Admin',
    guildOnly: true,
    defaultRank: 5,
    subcommands: [
      defineCommand({
        name: 'add',
        aliases: ['set'],
        description: 'Give a role while a custom status matches a regex (case-insensitive)',
        args: {
          role: arg.role({ description: 'Role to give' }),
          regex: arg.text({
            description: 'Regex searched in the custom status, e.g. discord\\.gg/linux',
            max: MAX_PATTERN,
          }),
        },
        async run(ctx, { role, regex }) {
          const source = regex.trim();
          if (role.id === ctx.guildId || role.managed)
            throw new UserError('statusroles.role', 'That role cannot be given: pick a normal role.');
          if (!role.editable)
            throw new UserError('statusroles.role', `I can't give <@&${role.id}>: move my role above it.`);
          const checked = await runtime.regex.validate(source, PATTERN_FLAGS);
          if (!checked.ok) throw new UserError('statusroles.regex', `Regex refused: ${checked.message}`);
          const mappings = mappingsOf(ctx).filter((m) => m.role !== role.id);
          if (mappings.length >= MAX_MAPPINGS)
            throw new UserError('statusroles.full', `A server can have at most ${MAX_MAPPINGS} status roles.`);
          saveMappings(ctx, [...mappings, { role: role.id, regex: source }]);
          // Apply it to everyone now; a second request joins a sweep already running.
          if (ctx.guild && ctx.app.discord.isReady())
            void runtime.sweep(ctx.app, ctx.guild).catch((err) => ctx.log.warn({ err }, 'status roles sweep failed'));
          await ctx.reply({
            embeds: [
              successEmbed({
                title: 'Status Role Set',
                description: `Members whose custom status matches \`${source}\` get <@&${role.id}>.${presenceHint(ctx)}`,
              }),
            ],
          });
        },
      }),
      defineCommand({
        name: 'remove',
        aliases: ['rm'],
        description: 'Stop giving a role for a custom status (members keep it)',
        args: { role: arg.role({ description: 'Role' }) },
        async run(ctx, { role }) {
          const mappings = mappingsOf(ctx);
          if (!mappings.some((m) => m.role === role.id))
            throw new UserError('statusroles.none', `<@&${role.id}> is not a status role.`);
          saveMappings(
            ctx,
            mappings.filter((m) => m.role !== role.id),
          );
          await ctx.reply({
            embeds: [
              successEmbed({ title: 'Status Role Removed', description: `<@&${role.id}> is no longer a status role.` }),
            ],
          });
        },
      }),
      defineCommand({
        name: 'list',
        aliases: ['ls'],
        description: 'List the status roles',
        async run(ctx) {
          const mappings = mappingsOf(ctx);
          const lines = mappings.map((m) => `<@&${m.role}>: \`${m.regex}\``);
          await ctx.reply({
            embeds: [
              infoEmbed({
                title: 'Status Roles',
                description: `${lines.length ? lines.join('\n') : 'No status roles (add one with `statusroles add`).'}${presenceHint(ctx)}`,
              }),
            ],
          });
        },
      }),
      defineCommand({
        name: 'sweep',
        description: 'Check every member’s custom status now',
        async run(ctx) {
          if (mappingsOf(ctx).length === 0)
            throw new UserError('statusroles.none', 'There are no status roles in this server.');
          if (!ctx.client.options.intents.has(GatewayIntentBits.GuildPresences))
            throw new UserError(
              'statusroles.presences',
              'I cannot see custom statuses yet: an admin must enable the Presence Intent in the Developer Portal and set `discord.presences = true`.',
            );
          await ctx.defer();
          const r = await runtime.sweep(ctx.app, ctx.guild!);
          await ctx.editReply({
            embeds: [
              successEmbed({
                title: 'Status Roles Swept',
                description: `${r.members} members checked: ${r.added} role${r.added === 1 ? '' : 's'} given, ${r.removed} taken.`,
              }),
            ],
          });
        },
      }),
    ],
  });
  return [statusroles];
}
