/**
 * Help for `/help` and `$help [command]`: only what the caller may run, grouped by category, with a category
 * select and a command select (locked to the caller). A command's page shows aliases, usage, arguments, flags
 * (aliases, defaults), subcommands and the rank it needs here.
 */
import type { ActionRowBuilder, APIEmbed, Message, StringSelectMenuBuilder } from 'discord.js';
import { ComponentType, MessageFlags } from 'discord-api-types/v10';
import { slashPathOf } from '#discord/commands/command-routing.ts';
import { suggestCommands } from '#discord/commands/did-you-mean.ts';
import { arg, type CommandContext, defineCommand, type RegisteredCommand, UserError } from '#discord/commands/index.ts';
import { roleIdsOf } from '#discord/commands/role-ids.ts';
import { argLines, flagLines, slashUsage, usageLines } from '#discord/commands/usage.ts';
import { discordJs } from '#discord/discord-lib.ts';
import { brandEmbed, containerFromEmbed, NOT_YOURS } from '#discord/ui/index.ts';

/** Whether the caller of ctx may run cmd here (module on, guild-only respected, rank enough). */
export function mayRun(ctx: CommandContext, cmd: RegisteredCommand): boolean {
  if (cmd.hidden && !ctx.app.discord.permissions.isOwner(ctx.user.id)) return false;
  if (!ctx.app.modules.isEnabled(cmd.module, ctx.guildId)) return false;
  if (cmd.guildOnly && !ctx.guild) return false;
  return ctx.app.discord.permissions.check(
    {
      userId: ctx.user.id,
      guildId: ctx.guildId,
      guildOwnerId: ctx.guild?.ownerId ?? null,
      roleIds: roleIdsOf(ctx),
    },
    cmd,
  ).allowed;
}

/** Top-level commands the caller may run, by category (sorted). */
export function visibleByCategory(ctx: CommandContext): Map<string, RegisteredCommand[]> {
  const byCategory = new Map<string, RegisteredCommand[]>();
  for (const cmd of ctx.app.discord.commands.list()) {
    if (!mayRun(ctx, cmd)) continue;
    const list = byCategory.get(cmd.category) ?? [];
    list.push(cmd);
    byCategory.set(cmd.category, list);
  }
  for (const list of byCategory.values()) list.sort((a, b) => a.name.localeCompare(b.name));
  return new Map([...byCategory.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

function lead(ctx: CommandContext, cmd: RegisteredCommand): string {
  return cmd.prefix || !cmd.slash ? ctx.prefix : '/';
}

/** Slash-only commands are listed as `/report`, so nobody types `$report`. */
function listedName(cmd: RegisteredCommand): string {
  return cmd.slash && !cmd.prefix ? `/${cmd.name}` : cmd.name;
}

export function overviewEmbed(ctx: CommandContext, categories: Map<string, RegisteredCommand[]>): APIEmbed {
  const name = ctx.app.config.current().bot.name;
  const slashOnly = [...categories.values()].some((cmds) => cmds.some((c) => c.slash && !c.prefix));
  return brandEmbed('info', {
    title: `${name} Help`,
    description:
      `Use \`${ctx.prefix}help <command>\` for details. Most commands work as \`${ctx.prefix}command\` and \`/command\`` +
      `${slashOnly ? '; those listed as `/command` work only as slash commands' : ''}.\n` +
      `Flags: \`${ctx.prefix}ban @member spamming -silent\`.`,
    fields: [...categories.entries()].map(([category, cmds]) => ({
      name: category,
      value: cmds.map((c) => `\`${listedName(c)}\``).join(' '),
    })),
    footer: `${name} ${ctx.app.version}`,
  });
}

export function categoryEmbed(ctx: CommandContext, category: string, cmds: RegisteredCommand[]): APIEmbed {
  return brandEmbed('info', {
    title: `${category} commands`,
    description: cmds.map((c) => `\`${lead(ctx, c)}${c.name}\` – ${c.def.description}`).join('\n'),
  });
}

/**
 * Every way to run the command: a command with subcommands that also takes its own input shows both forms, and its
 * slash form (`/cases show [case]`) when it differs from the prefix one.
 */
export function usageForms(ctx: Pick<CommandContext, 'prefix'>, cmd: RegisteredCommand): string[] {
  const ownSlash =
    cmd.slash && cmd.children.size > 0 && cmd.def.run && cmd.def.slashDefault
      ? `/${slashUsage(slashPathOf(cmd), cmd.def)}`
      : null;
  if (cmd.prefix || !cmd.slash) {
    const forms = usageLines(cmd.qualifiedName, cmd.def).map((u) => `${ctx.prefix}${u}`);
    return ownSlash ? [...forms, ownSlash] : forms;
  }
  if (cmd.children.size === 0) return [`/${slashUsage(cmd.qualifiedName, cmd.def)}`];
  const subs = [...cmd.children.values()].filter((c) => c.slash).map((c) => c.name);
  const group = `/${cmd.qualifiedName} <${subs.join(' | ')}>`;
  return ownSlash ? [ownSlash, group] : [group];
}

export function commandEmbed(ctx: CommandContext, cmd: RegisteredCommand): APIEmbed {
  const perms = ctx.app.discord.permissions;
  const required = perms.requiredRank(ctx.guildId, cmd);
  const rankName = perms.rankName(ctx.guildId, required.rank);
  const fields = [
    {
      name: 'Usage',
      value: usageForms(ctx, cmd)
        .map((u) => `\`${u}\``)
        .join('\n'),
    },
  ];
  if (cmd.def.aliases?.length)
    fields.push({ name: 'Aliases', value: cmd.def.aliases.map((a) => `\`${a}\``).join(', ') });
  const args = argLines(cmd.def);
  if (args.length) fields.push({ name: 'Arguments', value: args.join('\n') });
  const flags = flagLines(cmd.def);
  if (flags.length) fields.push({ name: 'Flags', value: flags.join('\n') });
  const subs = [...cmd.children.values()].filter((c) => mayRun(ctx, c));
  if (subs.length)
    fields.push({ name: 'Subcommands', value: subs.map((s) => `\`${s.name}\` – ${s.def.description}`).join('\n') });
  if (cmd.def.examples?.length)
    fields.push({ name: 'Examples', value: cmd.def.examples.map((e) => `\`${ctx.prefix}${e}\``).join('\n') });
  fields.push({
    name: 'Required rank',
    value: cmd.ownerOnly
      ? 'Bot owners only'
      : `${required.rank}${rankName ? ` (${rankName})` : ''}${required.source === 'override' ? ` – set for \`${required.from}\` in this server` : ''}`,
  });
  if (!cmd.slash) fields.push({ name: 'Availability', value: 'Prefix only' });
  const settings = ctx.app.settings.describe(cmd.module);
  if (settings.length && ctx.guildId) {
    const values = ctx.app.settings.get(cmd.module, ctx.guildId);
    const lines = settings.map((s) => `\`${s.key}\` = \`${JSON.stringify(values[s.key])}\``);
    fields.push({
      name: `Settings (\`${ctx.prefix}config module ${cmd.module}\`)`,
      value: lines.join('\n').slice(0, 1024),
    });
  } else if (!cmd.prefix) fields.push({ name: 'Availability', value: 'Slash only' });
  return brandEmbed('info', {
    title: `${lead(ctx, cmd)}${cmd.qualifiedName}`,
    description: cmd.def.description,
    fields,
  });
}

function selects(categories: Map<string, RegisteredCommand[]>, current: string | null) {
  const { ActionRowBuilder, StringSelectMenuBuilder, StringSelectMenuOptionBuilder } = discordJs();
  const rows: ActionRowBuilder<StringSelectMenuBuilder>[] = [];
  if (categories.size > 1) {
    rows.push(
      new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(
        new StringSelectMenuBuilder()
          .setCustomId('help:category')
          .setPlaceholder('Choose a category')
          .addOptions(
            [...categories.keys()].slice(0, 25).map((c) =>
              new StringSelectMenuOptionBuilder()
                .setLabel(c.slice(0, 100))
                .setValue(c.slice(0, 100))
                .setDefault(c === current),
            ),
          ),
      ),
    );
  }
  const cmds = current ? categories.get(current) : undefined;
  if (cmds?.length) {
    rows.push(
      new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(
        new StringSelectMenuBuilder()
          .setCustomId('help:command')
          .setPlaceholder('Choose a command')
          .addOptions(
            cmds
              .slice(0, 25)
              .map((c) =>
                new StringSelectMenuOptionBuilder()
                  .setLabel(c.name)
                  .setValue(c.name)
                  .setDescription(c.def.description.slice(0, 100)),
              ),
          ),
      ),
    );
  }
  return rows;
}

/** Help pages are Components V2: one container with the text and the menus inside it. */
// biome-ignore lint/suspicious/noExplicitAny: action rows as builders; the result fits update() and edit()
function view(page: APIEmbed, rows: readonly any[]): any {
  return { components: [containerFromEmbed('info', page, rows)], flags: MessageFlags.IsComponentsV2 };
}

function interactive(
  ctx: CommandContext,
  message: Message,
  categories: Map<string, RegisteredCommand[]>,
  first: APIEmbed,
): void {
  let last = first;
  const collector = message.createMessageComponentCollector({
    componentType: ComponentType.StringSelect,
    time: 180_000,
  });
  collector.on('collect', async (i) => {
    if (i.user.id !== ctx.user.id) {
      await i.reply({ content: NOT_YOURS, flags: 64 }).catch(() => undefined);
      return;
    }
    const value = i.values[0] ?? '';
    if (i.customId === 'help:category') {
      const cmds = categories.get(value) ?? [];
      last = categoryEmbed(ctx, value, cmds);
      await i.update(view(last, selects(categories, value))).catch(() => undefined);
    } else {
      const cmd = ctx.app.discord.commands.get(value);
      if (!cmd) return;
      last = commandEmbed(ctx, cmd);
      await i.update(view(last, selects(categories, cmd.category))).catch(() => undefined);
    }
  });
  collector.on('end', () => {
    // Keep the page, drop the menus.
    void message.edit(view(last, [])).catch(() => undefined);
  });
}

export const help = defineCommand({
  name: 'help',
  aliases: ['h', 'commands'],
  description: 'List the commands you can use, or show one command',
  category: 'Info',
  defaultRank: 0,
  args: {
    command: arg.text({
      description: 'A command, e.g. "ban" or "config ranks"',
      optional: true,
      max: 100,
      autocomplete(actx, typed) {
        const q = typed.toLowerCase();
        return actx.app.discord.commands
          .all()
          .filter((c) => !c.hidden && c.qualifiedName.includes(q))
          .slice(0, 25)
          .map((c) => ({ name: c.qualifiedName, value: c.qualifiedName }));
      },
    }),
  },
  async run(ctx, { command }) {
    if (command) {
      const words = command.replace(/^[/$]/, '').trim();
      const cmd = ctx.app.discord.commands.resolve(words);
      if (!cmd || !mayRun(ctx, cmd)) {
        const names = ctx.app.discord.commands
          .list()
          .filter((c) => mayRun(ctx, c))
          .flatMap((c) => [c.name, ...(c.def.aliases ?? [])]);
        const suggestions = suggestCommands(words.split(/\s+/)[0] ?? words, names);
        throw new UserError(
          'help.unknown_command',
          `No command \`${words.slice(0, 50)}\` you can use.${suggestions.length ? ` Did you mean: ${suggestions.map((s) => `\`${s}\``).join(', ')}?` : ''}`,
        );
      }
      await ctx.reply({
        components: [containerFromEmbed('info', commandEmbed(ctx, cmd))],
        componentsV2: true,
        ephemeral: true,
      });
      return;
    }
    const categories = visibleByCategory(ctx);
    const page = overviewEmbed(ctx, categories);
    const message = await ctx.reply({
      components: [containerFromEmbed('info', page, selects(categories, null))],
      componentsV2: true,
      ephemeral: true,
    });
    if (categories.size > 0) interactive(ctx, message, categories, page);
  },
});
