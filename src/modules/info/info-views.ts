/** The info views (member, user, server, role, channel, emoji), each one Components V2 container. */
import type { APIEmbedField, Guild, GuildBasedChannel, GuildEmoji, GuildMember, Invite, Role, User } from 'discord.js';
import { ChannelType } from 'discord-api-types/v10';
import { containerFromEmbed } from '#discord/ui/index.ts';
import { formatBool, formatDate, formatInviteMaxAge, formatInviteUses, formatPermissions } from './info-format.ts';

const field = (name: string, value: string | number, inline = true): APIEmbedField => ({
  name,
  value: String(value).slice(0, 1024) || '—',
  inline,
});

const view = (title: string, description: string, fields: APIEmbedField[], footer?: string) =>
  containerFromEmbed('info', { title, description, fields, ...(footer ? { footer: { text: footer } } : {}) });

/** Roles as mentions, highest first, cut to fit one field. */
function roleList(roles: Role[]): string {
  const sorted = [...roles].sort((a, b) => b.position - a.position).map((r) => `<@&${r.id}>`);
  let text = '';
  for (const [i, r] of sorted.entries()) {
    const next = text ? `${text}, ${r}` : r;
    if (next.length > 1000) return `${text} and ${sorted.length - i} more`;
    text = next;
  }
  return text || 'None';
}

export function memberView(member: GuildMember) {
  const u = member.user;
  const roles = member.roles.cache.filter((r) => r.id !== member.guild.id);
  return view(member.displayName, `${u.bot ? '🤖 ' : ''}<@${u.id}>`, [
    field('Username', u.username),
    field('ID', u.id),
    field('Bot', formatBool(u.bot)),
    field('Status', member.presence?.status ?? 'Unknown'),
    field(
      'Timed out until',
      member.communicationDisabledUntil ? formatDate(member.communicationDisabledUntil, 'f') : 'Not timed out',
    ),
    field('Boosting since', member.premiumSince ? formatDate(member.premiumSince) : 'Not boosting'),
    field('Joined', formatDate(member.joinedAt)),
    field('Registered', formatDate(u.createdAt)),
    field('Top role', member.roles.highest.id === member.guild.id ? 'None' : `<@&${member.roles.highest.id}>`),
    field(`Roles (${roles.size})`, roleList([...roles.values()]), false),
  ]);
}

export function userView(user: User) {
  return view(user.globalName ?? user.username, `${user.bot ? '🤖 ' : ''}<@${user.id}> (not a member here)`, [
    field('Username', user.username),
    field('ID', user.id),
    field('Bot', formatBool(user.bot)),
    field('Accent colour', user.hexAccentColor ?? 'Unknown'),
    field('Registered', formatDate(user.createdAt)),
  ]);
}

export function serverView(guild: Guild, banCount: number | null) {
  const channels = guild.channels.cache;
  const count = (...types: ChannelType[]) => channels.filter((c) => types.includes(c.type)).size;
  const members = guild.members.cache;
  const bots = members.filter((m) => m.user.bot).size;
  return view(guild.name, guild.description ?? '', [
    field('Owner', `<@${guild.ownerId}>`),
    field('Vanity URL', guild.vanityURLCode ?? 'None'),
    field('Boosts', `Tier ${guild.premiumTier} (${guild.premiumSubscriptionCount ?? 0})`),
    field('Verification', ['None', 'Low', 'Medium', 'High', 'Highest'][guild.verificationLevel] ?? 'Unknown'),
    field('MFA for moderators', formatBool(guild.mfaLevel === 1)),
    field('Content filter', ['Disabled', 'No Role', 'All Members'][guild.explicitContentFilter] ?? 'Unknown'),
    field(
      'Channels',
      `${count(ChannelType.GuildText, ChannelType.GuildAnnouncement)} text · ${count(ChannelType.GuildVoice, ChannelType.GuildStageVoice)} voice · ${count(ChannelType.GuildCategory)} categories · ${count(ChannelType.GuildForum)} forums`,
      false,
    ),
    field('Emojis', `${guild.emojis.cache.size}`),
    field('Stickers', `${guild.stickers.cache.size}`),
    field('Roles', `${guild.roles.cache.size}`),
    field('Members', `${guild.memberCount} (${bots} bots cached)`),
    field('Bans', banCount === null ? 'Unknown' : String(banCount)),
    field('ID', guild.id),
    field('Created', formatDate(guild.createdAt)),
  ]);
}

export function roleView(role: Role) {
  return view(role.name, `<@&${role.id}>`, [
    field('Colour', role.hexColor),
    field('Position', role.position),
    field('Members', role.members.size),
    field('Mentionable', formatBool(role.mentionable)),
    field('Hoisted', formatBool(role.hoist)),
    field('Managed', formatBool(role.managed)),
    field('ID', role.id),
    field('Created', formatDate(role.createdAt)),
    field('Permissions', formatPermissions(role.permissions), false),
  ]);
}

export function channelView(channel: GuildBasedChannel) {
  const fields = [
    field('Type', ChannelType[channel.type] ?? String(channel.type)),
    field('ID', channel.id),
    field('Created', formatDate(channel.createdAt)),
  ];
  if ('position' in channel) fields.push(field('Position', channel.position));
  if (channel.parent) fields.push(field('Category', channel.parent.name));
  if ('nsfw' in channel) fields.push(field('NSFW', formatBool(channel.nsfw)));
  if ('rateLimitPerUser' in channel && channel.rateLimitPerUser)
    fields.push(field('Slowmode', `${channel.rateLimitPerUser}s`));
  if (channel.isThread()) {
    fields.push(
      field('Owner', channel.ownerId ? `<@${channel.ownerId}>` : 'Unknown'),
      field('Archived', formatBool(channel.archived)),
      field('Locked', formatBool(channel.locked)),
      field('Messages', channel.messageCount ?? 'Unknown'),
    );
  }
  const topic = 'topic' in channel && typeof channel.topic === 'string' ? channel.topic : '';
  return view(`#${channel.name}`, topic, fields);
}

export function emojiView(emoji: GuildEmoji) {
  const roles = [...emoji.roles.cache.values()].slice(0, 10);
  return view(`:${emoji.name}:`, `<${emoji.animated ? 'a' : ''}:${emoji.name}:${emoji.id}>`, [
    field('Animated', formatBool(emoji.animated)),
    field('Managed', formatBool(emoji.managed)),
    field('Available', formatBool(emoji.available)),
    field('Requires colons', formatBool(emoji.requiresColons)),
    field('Server', emoji.guild.name),
    field('ID', emoji.id),
    field('Created', formatDate(emoji.createdAt)),
    field('Only for roles', roles.length ? roles.map((r) => `<@&${r.id}>`).join(', ') : 'Everyone', false),
  ]);
}

/**
 * An invite as Tux shows it: server, channel, inviter, uses, expiry, temporary, plus what Discord tells anyone
 * holding the code (approximate members and online). `usage` is the invite as listed by the server (uses, max uses,
 * max age), known only for this server's invites when the bot may manage it.
 */
export function inviteView(invite: Invite, usage: Invite | null) {
  const source = usage ?? invite;
  const fields = [
    field('Server', invite.guild?.name ?? 'Unknown'),
    field('Channel', invite.channel ? `<#${invite.channel.id}>` : 'Unknown'),
    field(
      'Inviter',
      invite.inviter
        ? `<@${invite.inviter.id}>`
        : invite.guild?.vanityURLCode === invite.code
          ? 'Vanity URL'
          : 'Unknown',
    ),
    field('Uses', source.uses === null ? 'Unknown' : formatInviteUses(source.uses, source.maxUses)),
    field('Max age', source.maxAge === null ? 'Unknown' : formatInviteMaxAge(source.maxAge)),
    field('Expires', invite.expiresTimestamp ? formatDate(invite.expiresTimestamp) : 'Never'),
    field('Temporary', source.temporary === null ? 'Unknown' : formatBool(source.temporary)),
    field('Members', invite.memberCount ?? 'Unknown'),
    field('Online', invite.presenceCount ?? 'Unknown'),
  ];
  if (invite.targetUser) fields.push(field('Target', `<@${invite.targetUser.id}>`));
  if (invite.guildScheduledEvent) fields.push(field('Scheduled event', invite.guildScheduledEvent.name));
  return view(
    `Invite to ${invite.guild?.name ?? 'Unknown Server'}`,
    `**Code:** ${invite.code}`,
    fields,
    invite.createdTimestamp ? `Created ${new Date(invite.createdTimestamp).toISOString().slice(0, 10)}` : undefined,
  );
}
