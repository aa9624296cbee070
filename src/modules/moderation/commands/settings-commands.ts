/** Per-guild moderation settings: mod-log routing, jail, report log, warn escalation. Rank 5 by default. */
import { ChannelType } from 'discord-api-types/v10';
import { formatDuration } from '#core/time/duration.ts';
import { defineCommand } from '#discord/commands/define-command.ts';
import { UserError } from '#discord/commands/errors.ts';
import { arg, flag } from '#discord/commands/options.ts';
import type { AnyCommand, CommandContext } from '#discord/commands/types.ts';
import { errorEmbed, infoEmbed, successEmbed } from '#discord/ui/brand.ts';
import {
  ESCALATION_ACTIONS,
  EscalationRuleError,
  listEscalationRules,
  removeEscalationRule,
  setEscalationRule,
} from '../escalation-rules.ts';
import { applyJailOverwrites } from '../jail-setup.ts';
import type { ModerationKit } from '../moderation-kit.ts';
import { getModerationSettings, updateModerationSettings } from '../moderation-settings.ts';
import { DEFAULT_ROUTE, listModlogRoutes, setModlogRoute, unsetModlogRoute } from '../modlog-routes.ts';

const TEXT_CHANNELS = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;
/** Kinds that are not case types but are logged. */
const LOG_KINDS = ['PURGE', 'SLOWMODE'];

function guildOf(ctx: CommandContext): string {
  if (!ctx.guildId) throw new UserError('command.guild_only', 'This command cannot be used in private messages.');
  return ctx.guildId;
}

function kindOf(kit: ModerationKit, type: string | undefined): string {
  if (type === undefined) return DEFAULT_ROUTE;
  const k = type.toUpperCase();
  if (!kit.types.has(k) && !LOG_KINDS.includes(k)) {
    throw new UserError(
      'moderation.modlog-kind',
      `Unknown case type \`${type}\`. Use one of: ${[...kit.types.names(), ...LOG_KINDS].join(', ')}.`,
    );
  }
  return k;
}

const typeOption = () =>
  arg.string({ description: 'Only this case type (WARN, BAN, PURGE, ...); default: all', optional: true });

function modlogCommand(kit: ModerationKit): AnyCommand {
  return defineCommand({
    name: 'modlog',
    description: 'Where moderation cases are logged',
    category: 'moderation',
    guildOnly: true,
    defaultRank: 5,
    subcommands: [
      defineCommand({
        name: 'set',
        description: 'Log cases (or one type) to a channel',
        args: { channel: arg.channel({ description: 'Log channel', channelTypes: TEXT_CHANNELS }), type: typeOption() },
        async run(ctx, input) {
          const kind = kindOf(kit, input.type);
          setModlogRoute(ctx.app.db, guildOf(ctx), kind, input.channel.id);
          const what = kind === DEFAULT_ROUTE ? 'Cases' : `${kind} cases`;
          await ctx.reply({
            embeds: [successEmbed({ description: `${what} will be logged in <#${input.channel.id}>.` })],
            ephemeral: true,
          });
        },
      }),
      defineCommand({
        name: 'unset',
        description: 'Stop logging (or stop routing one type)',
        args: { type: typeOption() },
        async run(ctx, input) {
          const kind = kindOf(kit, input.type);
          const removed = unsetModlogRoute(ctx.app.db, guildOf(ctx), kind);
          const text = removed
            ? kind === DEFAULT_ROUTE
              ? 'The mod log is turned off.'
              : `${kind} cases go to the default mod-log channel again.`
            : 'Nothing was set for that.';
          await ctx.reply({ embeds: [infoEmbed({ description: text })], ephemeral: true });
        },
      }),
      defineCommand({
        name: 'show',
        description: 'Show the mod-log channels',
        async run(ctx) {
          const routes = listModlogRoutes(ctx.app.db, guildOf(ctx));
          const lines = routes.map(
            (r) => `${r.kind === DEFAULT_ROUTE ? '**Default**' : `\`${r.kind}\``} → <#${r.channelId}>`,
          );
          await ctx.reply({
            embeds: [
              infoEmbed({
                title: 'Mod log',
                description: lines.length ? lines.join('\n') : 'No mod-log channel is set. Use `/modlog set #channel`.',
              }),
            ],
            ephemeral: true,
          });
        },
      }),
    ],
  });
}

function jailConfigCommand(): AnyCommand {
  return defineCommand({
    name: 'jailconfig',
    aliases: ['jailsettings'],
    description: 'Jail role and channel',
    category: 'moderation',
    guildOnly: true,
    defaultRank: 5,
    subcommands: [
      defineCommand({
        name: 'set',
        description: 'Set the jail role and/or channel',
        flags: {
          role: flag.role({ description: 'Role given to jailed members' }),
          channel: flag.channel({ description: 'The one channel jailed members see', channelTypes: TEXT_CHANNELS }),
        },
        async run(ctx, input) {
          if (!input.role && !input.channel) {
            throw new UserError(
              'moderation.jailconfig-empty',
              'Give a role (`-role @Jailed`) or a channel (`-channel #jail`).',
            );
          }
          const s = updateModerationSettings(ctx.app.db, guildOf(ctx), {
            ...(input.role ? { jailRoleId: input.role.id } : {}),
            ...(input.channel ? { jailChannelId: input.channel.id } : {}),
          });
          await ctx.reply({
            embeds: [
              successEmbed({
                description: `Jail role: ${s.jailRoleId ? `<@&${s.jailRoleId}>` : 'not set'}\nJail channel: ${s.jailChannelId ? `<#${s.jailChannelId}>` : 'not set'}\nRun \`/jailconfig setup\` to apply the channel permissions.`,
              }),
            ],
            ephemeral: true,
          });
        },
      }),
      defineCommand({
        name: 'show',
        description: 'Show the jail settings',
        async run(ctx) {
          const s = getModerationSettings(ctx.app.db, guildOf(ctx));
          await ctx.reply({
            embeds: [
              infoEmbed({
                title: 'Jail',
                description: `Role: ${s.jailRoleId ? `<@&${s.jailRoleId}>` : 'not set'}\nChannel: ${s.jailChannelId ? `<#${s.jailChannelId}>` : 'not set'}`,
              }),
            ],
            ephemeral: true,
          });
        },
      }),
      defineCommand({
        name: 'setup',
        description: 'Hide every channel from the jail role except the jail channel',
        async run(ctx) {
          const s = getModerationSettings(ctx.app.db, guildOf(ctx));
          if (!s.jailRoleId || !s.jailChannelId || !ctx.guild) {
            throw new UserError(
              'moderation.jail-not-configured',
              'Set the jail role and channel first: `/jailconfig set -role @Jailed -channel #jail`.',
            );
          }
          await ctx.reply({
            embeds: [infoEmbed({ description: 'Setting up the jail permissions…' })],
            ephemeral: true,
          });
          const result = await applyJailOverwrites(ctx.guild, s.jailRoleId, s.jailChannelId, (done, total) =>
            ctx.editReply({
              embeds: [infoEmbed({ description: `Setting up the jail permissions… ${done}/${total}` })],
            }),
          );
          const failed = result.failed.length
            ? ` ${result.failed.length} failed (check bot permissions): ${result.failed
                .slice(0, 20)
                .map((id) => `<#${id}>`)
                .join(', ')}`
            : '';
          const embed = result.failed.length ? errorEmbed : successEmbed;
          await ctx.editReply({
            embeds: [embed({ description: `✅ **Setup complete.** Updated ${result.updated} channel(s).${failed}` })],
          });
        },
      }),
    ],
  });
}

function reportLogCommand(): AnyCommand {
  return defineCommand({
    name: 'reportlog',
    description: 'Where /report submissions go',
    category: 'moderation',
    guildOnly: true,
    defaultRank: 5,
    subcommands: [
      defineCommand({
        name: 'set',
        description: 'Send reports to a channel',
        args: { channel: arg.channel({ description: 'Report channel', channelTypes: TEXT_CHANNELS }) },
        async run(ctx, input) {
          updateModerationSettings(ctx.app.db, guildOf(ctx), { reportLogChannelId: input.channel.id });
          await ctx.reply({
            embeds: [successEmbed({ description: `Reports will be posted in <#${input.channel.id}>.` })],
            ephemeral: true,
          });
        },
      }),
      defineCommand({
        name: 'unset',
        description: 'Turn reports off',
        async run(ctx) {
          updateModerationSettings(ctx.app.db, guildOf(ctx), { reportLogChannelId: null });
          await ctx.reply({ embeds: [infoEmbed({ description: 'Reports are turned off.' })], ephemeral: true });
        },
      }),
    ],
  });
}

function escalationCommand(): AnyCommand {
  return defineCommand({
    name: 'escalation',
    description: 'Automatic actions after repeated warnings',
    category: 'moderation',
    guildOnly: true,
    defaultRank: 5,
    subcommands: [
      defineCommand({
        name: 'add',
        description: 'After N active warnings, apply an action',
        examples: ['escalation add 3 timeout -duration 1d', 'escalation add 5 tempban -duration 7d -window 90d'],
        args: {
          warns: arg.integer({ description: 'Number of active warnings', min: 1, max: 100 }),
          action: arg.string({ description: 'What to do', choices: [...ESCALATION_ACTIONS] }),
        },
        flags: {
          duration: flag.duration({ description: 'For timeout/tempban/jail: how long', aliases: ['d', 't'] }),
          window: flag.duration({ description: 'Count warnings this recent (default 30d)', aliases: ['w'] }),
        },
        async run(ctx, input) {
          const rule = {
            warnCount: input.warns,
            action: input.action,
            durationMs: input.duration ?? null,
            windowMs: input.window ?? 30 * 86_400_000,
          };
          try {
            setEscalationRule(ctx.app.db, guildOf(ctx), rule);
          } catch (err) {
            if (err instanceof EscalationRuleError) throw new UserError('moderation.escalation-rule', err.message);
            throw err;
          }
          const what = rule.durationMs ? `${rule.action} for ${formatDuration(rule.durationMs)}` : rule.action;
          await ctx.reply({
            embeds: [
              successEmbed({
                description: `At ${rule.warnCount} active warnings within ${formatDuration(rule.windowMs)}: ${what}.`,
              }),
            ],
            ephemeral: true,
          });
        },
      }),
      defineCommand({
        name: 'remove',
        description: 'Remove the rule for N warnings',
        args: { warns: arg.integer({ description: 'Number of warnings of the rule', min: 1, max: 100 }) },
        async run(ctx, input) {
          const ok = removeEscalationRule(ctx.app.db, guildOf(ctx), input.warns);
          if (!ok)
            throw new UserError('moderation.escalation-missing', `There is no rule for ${input.warns} warnings.`);
          await ctx.reply({
            embeds: [successEmbed({ description: `Removed the rule for ${input.warns} warnings.` })],
            ephemeral: true,
          });
        },
      }),
      defineCommand({
        name: 'list',
        description: 'Show the escalation rules',
        async run(ctx) {
          const rules = listEscalationRules(ctx.app.db, guildOf(ctx));
          const lines = rules.map(
            (r) =>
              `**${r.warnCount}** warnings within ${formatDuration(r.windowMs)} → ${r.action}${r.durationMs ? ` ${formatDuration(r.durationMs)}` : ''}`,
          );
          await ctx.reply({
            embeds: [
              infoEmbed({
                title: 'Warn escalation',
                description: lines.length
                  ? lines.join('\n')
                  : 'No rules. Add one with `/escalation add 3 timeout -duration 1d`.',
              }),
            ],
            ephemeral: true,
          });
        },
      }),
    ],
  });
}

export function settingsCommands(kit: ModerationKit): AnyCommand[] {
  return [modlogCommand(kit), jailConfigCommand(), reportLogCommand(), escalationCommand()];
}
