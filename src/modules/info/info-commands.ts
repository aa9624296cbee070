/** `info server|user|role|channel|emoji|invite` and `membercount`: read-only views, only the caller sees them by slash. */

import type { Invite } from 'discord.js';
import { RESTJSONErrorCodes } from 'discord-api-types/v10';
import { arg, type CommandContext, defineCommand, UserError } from '#discord/commands/index.ts';
import { brandEmbed } from '#discord/ui/index.ts';
import { extractInviteCode } from './info-format.ts';
import { channelView, emojiView, inviteView, memberView, roleView, serverView, userView } from './info-views.ts';

function show(ctx: CommandContext, container: Record<string, unknown>) {
  return ctx.reply({ components: [container], componentsV2: true, ephemeral: true });
}

function guildOf(ctx: CommandContext) {
  if (!ctx.guild) throw new UserError('info.guild_only', 'This only works in a server.');
  return ctx.guild;
}

const EMOJI = /^<a?:(\w{2,32}):(\d{17,20})>$|^(\d{17,20})$|^:?(\w{2,32}):?$/;

export const infoCommand = defineCommand({
  name: 'info',
  aliases: ['i'],
  description: 'Information about the server, a member, a role, a channel or an emoji',
  category: 'Info',
  defaultRank: 0,
  guildOnly: true,
  examples: [
    'info user @alice',
    'info server',
    'info role Moderator',
    'info channel #general',
    'info emoji :tux:',
    'info invite discord.gg/linux',
  ],
  subcommands: [
    defineCommand({
      name: 'server',
      aliases: ['guild', 's'],
      description: 'This server',
      async run(ctx) {
        const guild = guildOf(ctx);
        const bans = await guild.bans
          .fetch({ limit: 1000 })
          .then((b) => b.size)
          .catch(() => null);
        await show(ctx, serverView(guild, bans));
      },
    }),
    defineCommand({
      name: 'user',
      aliases: ['member', 'u', 'm'],
      description: 'A member, or any user by id',
      args: { user: arg.user({ description: 'Who (default: you)', optional: true }) },
      async run(ctx, { user }) {
        const guild = guildOf(ctx);
        const target = user ?? ctx.user;
        const member = await guild.members.fetch(target.id).catch(() => null);
        if (member) return show(ctx, memberView(member));
        const full = await ctx.client.users.fetch(target.id, { force: true }).catch(() => target);
        return show(ctx, userView(full));
      },
    }),
    defineCommand({
      name: 'role',
      aliases: ['r'],
      description: 'A role',
      args: { role: arg.role({ description: 'Which role' }) },
      run: (ctx, { role }) => show(ctx, roleView(role)),
    }),
    defineCommand({
      name: 'channel',
      aliases: ['c'],
      description: 'A channel or thread (default: this one)',
      args: { channel: arg.channel({ description: 'Which channel', optional: true }) },
      async run(ctx, { channel }) {
        const guild = guildOf(ctx);
        const target = channel ?? guild.channels.cache.get(ctx.channelId);
        if (!target) throw new UserError('info.no_channel', 'I cannot see that channel.');
        await show(ctx, channelView(target));
      },
    }),
    defineCommand({
      name: 'emoji',
      aliases: ['e'],
      description: "One of this server's emojis",
      args: { emoji: arg.string({ description: 'The emoji, its name or its id', max: 100 }) },
      async run(ctx, { emoji }) {
        const guild = guildOf(ctx);
        const m = EMOJI.exec(emoji.trim());
        const id = m?.[2] ?? m?.[3];
        const name = m?.[1] ?? m?.[4];
        const found = id
          ? await guild.emojis.fetch(id).catch(() => null)
          : (guild.emojis.cache.find((e) => e.name === name) ?? null);
        if (!found)
          throw new UserError('info.no_emoji', `I can't find an emoji \`${emoji.slice(0, 40)}\` in this server.`);
        await show(ctx, emojiView(found));
      },
    }),
    defineCommand({
      name: 'invite',
      aliases: ['inv'],
      description: 'An invite: its server, channel, inviter, uses and expiry',
      args: { invite_code: arg.string({ description: 'The invite code or link (discord.gg/…)', max: 200 }) },
      async run(ctx, { invite_code }) {
        const guild = guildOf(ctx);
        const code = extractInviteCode(invite_code);
        if (!code)
          throw new UserError(
            'info.invite_format',
            `\`${invite_code.slice(0, 60)}\` is not an invite code or link (like \`discord.gg/abc123\`).`,
          );
        const invite = await ctx.client.fetchInvite(code).catch((err: unknown) => {
          if ((err as { code?: unknown }).code === RESTJSONErrorCodes.UnknownInvite) return null;
          throw err;
        });
        if (!invite)
          throw new UserError(
            'info.no_invite',
            `I couldn't find the invite \`${code}\`: it is unknown or has expired.`,
          );
        // Uses and limits are only listed to the server's managers: shown when the invite is to this server.
        let usage: Invite | null = null;
        if (invite.guild?.id === guild.id)
          usage = await guild.invites.fetch({ code, cache: false, force: true }).catch(() => null);
        await show(ctx, inviteView(invite, usage));
      },
    }),
  ],
});

export const membercountCommand = defineCommand({
  name: 'membercount',
  aliases: ['mc', 'members'],
  description: 'How many members, humans and bots the server has',
  category: 'Info',
  defaultRank: 0,
  guildOnly: true,
  async run(ctx) {
    const guild = guildOf(ctx);
    // The member list is fetched once (chunked by Discord) rather than trusting a partial cache.
    const members = await guild.members.fetch().catch(() => guild.members.cache);
    const bots = members.filter((m) => m.user.bot).size;
    await ctx.reply({
      embeds: [
        brandEmbed('info', {
          title: guild.name,
          fields: [
            { name: 'Members', value: String(guild.memberCount), inline: true },
            { name: 'Humans', value: String(members.size - bots), inline: true },
            { name: 'Bots', value: String(bots), inline: true },
          ],
        }),
      ],
    });
  },
});
