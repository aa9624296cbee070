/**
 * `modules` (alias `plugins`): the server's view of its modules and plugins, and the switch for each: `modules list`,
 * `modules enable <name>`, `modules disable <name>`. A switch changes this server only; with `-global` (bot owners)
 * it changes every server, as the console's Modules screen does.
 */
import type { ModuleState } from '#core/modules/types.ts';
import { arg, type CommandContext, defineCommand, flag, UserError } from '#discord/commands/index.ts';
import { brandEmbed, successEmbed } from '#discord/ui/index.ts';

function stateHere(m: ModuleState, ctx: CommandContext): string {
  if (m.status === 'failed') return `failed: ${m.error ?? 'unknown error'}`;
  if (m.status !== 'enabled') return 'off everywhere';
  return ctx.app.modules.isEnabled(m.name, ctx.guildId) ? 'on' : 'off here';
}

function origin(m: ModuleState): string {
  if (m.source === 'built-in') return '';
  return ` · ${m.source}${m.version ? ` ${m.version}` : ''}`;
}

function find(ctx: CommandContext, name: string): ModuleState {
  const wanted = name.trim().toLowerCase();
  const all = ctx.app.modules.list();
  const found = all.find((m) => m.name === wanted);
  if (!found) {
    throw new UserError(
      'modules.unknown',
      `No module or plugin \`${name}\`. See them with \`${ctx.prefix}modules list\`.`,
      {},
      'Unknown Module',
    );
  }
  return found;
}

const nameArg = arg.string({
  description: 'Module or plugin name',
  max: 32,
  autocomplete: (ctx, typed) =>
    ctx.app.modules
      .list()
      .filter((m) => !m.required && m.name.startsWith(typed.toLowerCase()))
      .slice(0, 25)
      .map((m) => ({ name: m.name, value: m.name })),
});
const globalFlag = flag.boolean({ description: 'Every server, not only this one (bot owners)', aliases: ['g'] });

async function list(ctx: CommandContext): Promise<void> {
  const rows = ctx.app.modules
    .list()
    .map((m) => `**${m.name}**${origin(m)} — ${stateHere(m, ctx)}${m.required ? ' (always on)' : ''}`);
  await ctx.reply({
    embeds: [
      brandEmbed('info', {
        title: 'Modules and plugins',
        description:
          `${rows.join('\n')}\n\nSwitch one for this server: \`${ctx.prefix}modules disable <name>\`, \`${ctx.prefix}modules enable <name>\`.`.slice(
            0,
            4096,
          ),
      }),
    ],
    ephemeral: true,
  });
}

function toggle(enabled: boolean) {
  const verb = enabled ? 'enable' : 'disable';
  return defineCommand({
    name: verb,
    aliases: enabled ? ['on'] : ['off'],
    description: enabled
      ? 'Switch a module or plugin on for this server (-global: every server)'
      : 'Switch a module or plugin off for this server (-global: every server)',
    examples: [`modules ${verb} fact`, `modules ${verb} flagremover -global`],
    args: { name: nameArg },
    flags: { global: globalFlag },
    async run(ctx, { name, global }) {
      const target = find(ctx, name);
      if (target.required) {
        throw new UserError('modules.required', `\`${target.name}\` is always on.`, {}, 'Always On');
      }
      if (global && !ctx.app.discord.permissions.isOwner(ctx.user.id)) {
        throw new UserError(
          'modules.global_owner',
          `Only the bot owner switches a module for every server. Without \`-global\` it changes this server only.`,
          {},
          'Owners Only',
        );
      }
      const state = await ctx.app.modules[verb](target.name, {
        actor: `discord:${ctx.user.id}`,
        ...(global ? {} : { guildId: ctx.guildId! }),
      });
      if (state.status === 'failed') {
        throw new UserError(
          'modules.failed',
          `\`${state.name}\` could not be loaded: ${state.error ?? 'unknown error'}`,
          {},
          'Module Failed',
        );
      }
      let text = `\`${state.name}\` is now ${enabled ? 'on' : 'off'} ${global ? 'in every server' : 'in this server'}.`;
      if (enabled && !global && state.status !== 'enabled') {
        text += ` It is off for every server, though; the bot owner turns it on with \`${ctx.prefix}modules enable ${state.name} -global\`.`;
      }
      await ctx.reply({ embeds: [successEmbed({ description: text })] });
    },
  });
}

export const modulesCommand = defineCommand({
  name: 'modules',
  aliases: ['plugins'],
  description: 'List the modules and plugins, and switch them on or off for this server',
  category: 'Admin',
  guildOnly: true,
  defaultRank: 5,
  examples: ['modules', 'modules disable fact', 'modules enable fact'],
  run: list,
  subcommands: [
    defineCommand({
      name: 'list',
      aliases: ['ls'],
      description: 'List the modules and plugins and their state here',
      run: list,
    }),
    toggle(true),
    toggle(false),
  ],
});
