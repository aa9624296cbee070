/** `eventlog` (where each event group is logged, what is ignored) and `invites` (who invited whom, top inviters). */
import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { type AnyCommand, arg, type CommandContext, defineCommand, UserError } from '#discord/commands/index.ts';
import { infoEmbed, successEmbed } from '#discord/ui/index.ts';
import { describeAttribution, lastJoin, topInviters } from './invite-tracker.ts';
import { EVENT_GROUPS, type EventlogSettings } from './settings.ts';

const GROUP_HELP: Record<(typeof EVENT_GROUPS)[number], string> = {
  messages: 'message edits and deletions',
  members: 'joins, leaves, nickname/role/timeout changes, bans',
  server: 'channel, role, emoji and invite changes',
  voice: 'voice joins, leaves and moves',
};

const groupArg = () =>
  arg.string({
    description: 'Event group',
    choices: EVENT_GROUPS.map((g) => ({ name: `${g} (${GROUP_HELP[g]})`.slice(0, 100), value: g })),
  });

const actor = (ctx: CommandContext) => `discord:${ctx.user.id}`;
const settingsOf = (ctx: CommandContext) => ctx.app.settings.get<EventlogSettings>('eventlog', ctx.guildId!);

export function routesText(s: EventlogSettings): string {
  const lines = EVENT_GROUPS.map((g) => `**${g}**: ${s[g] ? `<#${s[g]}>` : 'off'}`);
  lines.push(
    `**ignored channels**: ${s.ignored_channels.map((id) => `<#${id}>`).join(' ') || 'none'}`,
    `**ignored members**: ${s.ignored_members.map((id) => `<@${id}>`).join(' ') || 'none'}`,
    `**message content kept**: ${s.store_days} days, at most ${s.store_max} messages (only while messages are logged)`,
  );
  return lines.join('\n');
}

function toggle(list: readonly string[], id: string): { next: string[]; added: boolean } {
  return list.includes(id)
    ? { next: list.filter((x) => x !== id), added: false }
    : { next: [...list, id], added: true };
}

export const eventlogCommand = defineCommand({
  name: 'eventlog',
  description: 'Log server events (messages, members, server, voice) to channels',
  category: 'Admin',
  guildOnly: true,
  defaultRank: 5,
  subcommands: [
    defineCommand({
      name: 'set',
      description: 'Log an event group to a channel',
      args: {
        group: groupArg(),
        channel: arg.channel({ description: 'Log channel', channelTypes: [ChannelType.GuildText] }),
      },
      async run(ctx, { group, channel }) {
        const me = ctx.guild!.members.me;
        const perms = me && 'permissionsFor' in channel ? channel.permissionsFor(me) : null;
        const need = [
          PermissionFlagsBits.ViewChannel,
          PermissionFlagsBits.SendMessages,
          PermissionFlagsBits.EmbedLinks,
          PermissionFlagsBits.AttachFiles,
        ];
        if (!perms?.has(need)) {
          throw new UserError(
            'eventlog.channel',
            `I can't post in <#${channel.id}>: give me View Channel, Send Messages, Embed Links and Attach Files there. Nothing was changed.`,
          );
        }
        ctx.app.settings.set('eventlog', ctx.guildId!, group, channel.id, actor(ctx));
        await ctx.reply({
          embeds: [
            successEmbed({
              title: 'Event Log Set',
              description: `${GROUP_HELP[group as keyof typeof GROUP_HELP]} → <#${channel.id}>`,
            }),
          ],
        });
      },
    }),
    defineCommand({
      name: 'off',
      description: 'Stop logging an event group',
      args: { group: groupArg() },
      async run(ctx, { group }) {
        if (!settingsOf(ctx)[group as keyof typeof GROUP_HELP])
          throw new UserError('eventlog.off', `The ${group} group is not logged; nothing was changed.`);
        ctx.app.settings.reset('eventlog', ctx.guildId!, group, actor(ctx));
        await ctx.reply({ embeds: [successEmbed({ title: 'Event Log Off', description: `${group}: off` })] });
      },
    }),
    defineCommand({
      name: 'show',
      description: 'Show where each event group is logged',
      async run(ctx) {
        await ctx.reply({ embeds: [infoEmbed({ title: 'Event Logs', description: routesText(settingsOf(ctx)) })] });
      },
    }),
    defineCommand({
      name: 'ignore-channel',
      description: 'Stop (or resume) logging events of a channel',
      args: { channel: arg.channel({ description: 'Channel' }) },
      async run(ctx, { channel }) {
        const { next, added } = toggle(settingsOf(ctx).ignored_channels, channel.id);
        ctx.app.settings.set('eventlog', ctx.guildId!, 'ignored_channels', next, actor(ctx));
        await ctx.reply({
          embeds: [
            successEmbed({
              title: added ? 'Channel Ignored' : 'Channel Logged Again',
              description: `<#${channel.id}> ${added ? 'is now ignored by the event logs' : 'is logged again'}.`,
            }),
          ],
        });
      },
    }),
    defineCommand({
      name: 'ignore-member',
      description: 'Stop (or resume) logging events of a member',
      args: { member: arg.user({ description: 'Member' }) },
      async run(ctx, { member }) {
        const { next, added } = toggle(settingsOf(ctx).ignored_members, member.id);
        ctx.app.settings.set('eventlog', ctx.guildId!, 'ignored_members', next, actor(ctx));
        await ctx.reply({
          embeds: [
            successEmbed({
              title: added ? 'Member Ignored' : 'Member Logged Again',
              description: `<@${member.id}> ${added ? 'is now ignored by the event logs' : 'is logged again'}.`,
            }),
          ],
        });
      },
    }),
  ],
});

export const invitesCommand = defineCommand({
  name: 'invites',
  description: 'Who invited whom, and the top inviters',
  category: 'Admin',
  guildOnly: true,
  defaultRank: 5,
  subcommands: [
    defineCommand({
      name: 'who',
      description: 'Which invite a member joined with',
      args: { member: arg.user({ description: 'Member' }) },
      async run(ctx, { member }) {
        const join = lastJoin(ctx.app.db, ctx.guildId!, member.id);
        const text = !join
          ? `No join of <@${member.id}> was recorded (they joined before invite tracking was on): unknown.`
          : `<@${member.id}> joined <t:${Math.floor(join.joinedAt / 1000)}:R> with ${
              join.kind === 'invite'
                ? describeAttribution({ kind: 'invite', code: join.code ?? '?', inviterId: join.inviterId })
                : join.kind === 'vanity'
                  ? describeAttribution({ kind: 'vanity', code: join.code ?? '?' })
                  : 'an unknown invite'
            }.`;
        await ctx.reply({
          embeds: [infoEmbed({ title: 'Invite', description: text })],
          allowedMentions: { parse: [] },
        });
      },
    }),
    defineCommand({
      name: 'top',
      description: 'Members whose invites brought the most joins',
      async run(ctx) {
        const top = topInviters(ctx.app.db, ctx.guildId!);
        const text = top.length
          ? top.map((t, i) => `${i + 1}. <@${t.inviterId}>: ${t.joins} join${t.joins === 1 ? '' : 's'}`).join('\n')
          : 'No joins through a known invite were recorded yet.';
        await ctx.reply({
          embeds: [infoEmbed({ title: 'Top Inviters', description: text })],
          allowedMentions: { parse: [] },
        });
      },
    }),
  ],
});

export const eventlogCommands: AnyCommand[] = [eventlogCommand, invitesCommand];
