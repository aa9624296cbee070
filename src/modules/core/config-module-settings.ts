/**
 * `config module <module> [key] [value]`: a guild's settings of any module (levels, snippets, ...), declared by the
 * module with defaults and validated against its schema. Without a key it lists the settings; "reset" as the value
 * restores a key's default.
 */

import { maskSetting } from '#core/settings/guild-settings.ts';
import { arg, type CommandContext, defineCommand, UserError } from '#discord/commands/index.ts';
import { brandEmbed, successEmbed } from '#discord/ui/index.ts';

function show(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (Array.isArray(value) && value.length === 0) return 'none';
  return JSON.stringify(value).slice(0, 200);
}

function listEmbed(ctx: CommandContext, module: string) {
  const settings = ctx.app.settings;
  const values = settings.masked(module, settings.get(module, ctx.guildId!));
  const changed = new Set(Object.keys(settings.overrides(module, ctx.guildId!)));
  const lines = settings.describe(module).map((s) => {
    const mark = changed.has(s.key) ? '' : ' (default)';
    return `**${s.key}** = \`${show(values[s.key])}\`${mark}\n-# ${s.description || s.expected}`;
  });
  let note: string | null | undefined;
  try {
    note = ctx.app.modules.get(module)?.settingsNote?.(ctx.guildId!);
  } catch {
    note = null;
  }
  return brandEmbed('info', {
    title: `Settings of ${module}`,
    description:
      `${note ? `${note}\n\n` : ''}${lines.join('\n')}\n\nChange one: \`${ctx.prefix}config module ${module} <key> <value>\` ("reset" restores the default).`.slice(
        0,
        4096,
      ),
  });
}

export const moduleSettingsCommand = defineCommand({
  name: 'module',
  aliases: ['mod'],
  description: "Show or change a module's settings for this server",
  defaultRank: 5,
  examples: ['config module levels', 'config module levels cooldown 5', 'config module levels cooldown reset'],
  args: {
    module: arg.string({
      description: 'Module (levels, snippets, ...)',
      optional: true,
      max: 32,
      autocomplete: (ctx, typed) =>
        ctx.app.settings
          .modules()
          .filter((m) => m.startsWith(typed.toLowerCase()))
          .map((m) => ({ name: m, value: m })),
    }),
    key: arg.string({ description: 'Setting', optional: true, max: 64 }),
    value: arg.text({ description: 'New value ("reset" for the default)', optional: true, max: 4000 }),
  },
  async run(ctx, { module, key, value }) {
    const settings = ctx.app.settings;
    const guildId = ctx.guildId!;
    const known = settings.modules();
    if (!module) {
      await ctx.reply({
        embeds: [
          brandEmbed('info', {
            title: 'Module settings',
            description: `${known.map((m) => `\`${m}\``).join(', ') || 'No module has settings.'}\n\nShow one: \`${ctx.prefix}config module <module>\``,
          }),
        ],
        ephemeral: true,
      });
      return;
    }
    const name = module.toLowerCase();
    if (!known.includes(name)) {
      throw new UserError(
        'settings.unknown_module',
        `No module \`${module}\` has settings. Modules with settings: ${known.map((m) => `\`${m}\``).join(', ') || 'none'}.`,
      );
    }
    if (!key) {
      await ctx.reply({ embeds: [listEmbed(ctx, name)], ephemeral: true });
      return;
    }
    const info = settings.describe(name).find((s) => s.key === key.toLowerCase());
    if (!info) {
      throw new UserError(
        'settings.unknown_key',
        `\`${name}\` has no setting \`${key}\`. Settings: ${settings
          .describe(name)
          .map((s) => `\`${s.key}\``)
          .join(', ')}.`,
      );
    }
    const actor = `discord:${ctx.user.id}`;
    if (value === undefined) {
      const current = maskSetting(info, settings.get(name, guildId)[info.key]);
      await ctx.reply({
        embeds: [
          brandEmbed('info', {
            title: `${name}.${info.key}`,
            description: `\`${show(current)}\`\n-# ${info.description || info.expected} (default \`${show(info.default)}\`)`,
          }),
        ],
        ephemeral: true,
      });
      return;
    }
    if (value.trim().toLowerCase() === 'reset') {
      settings.reset(name, guildId, info.key, actor);
      await ctx.reply({
        embeds: [successEmbed({ description: `\`${name}.${info.key}\` is back to \`${show(info.default)}\`.` })],
        ephemeral: true,
      });
      return;
    }
    if (info.secret && ctx.message) {
      // A secret typed in a channel has been seen: it is taken out and not stored. Marked first, so the event log
      // drops any copy it kept and logs the deletion without the content.
      ctx.app.discord.redactions.mark(ctx.message.id);
      await ctx.message.delete().catch(() => undefined);
      throw new UserError(
        'settings.secret_by_prefix',
        `\`${name}.${info.key}\` is a secret: set it with \`/config module\` (only you see it) or on the console. Your message was deleted; if others may have seen the key, replace it.`,
      );
    }
    let stored: unknown;
    try {
      stored = maskSetting(info, settings.set(name, guildId, info.key, value, actor));
    } catch (err) {
      if (err instanceof Error && err.name === 'SettingsError') {
        throw new UserError('settings.invalid', `Not changed: ${err.message}.`);
      }
      throw err;
    }
    await ctx.reply({
      embeds: [successEmbed({ description: `\`${name}.${info.key}\` is now \`${show(stored)}\`.` })],
      ephemeral: true,
    });
  },
});
