/** The GuildPort over a discord.js Guild: what the pipeline needs, and nothing of discord.js leaks out. */

import type { Client, Guild, GuildMember, User } from 'discord.js';
import { GatewayIntentBits } from 'discord-api-types/v10';
import { isDiscordApiError } from '#discord/discord-lib.ts';
import type { GuildPort, MemberInfo, UserInfo } from './guild-port.ts';

function userInfo(u: User): UserInfo {
  return { id: u.id, tag: u.discriminator && u.discriminator !== '0' ? u.tag : u.username, bot: u.bot };
}

function memberInfo(m: GuildMember): MemberInfo {
  const until = m.communicationDisabledUntilTimestamp;
  return {
    ...userInfo(m.user),
    topRolePosition: m.roles.highest.position,
    roleIds: m.roles.cache.filter((r) => r.id !== m.guild.id).map((r) => r.id),
    timedOutUntil: until && until > Date.now() ? until : null,
  };
}

const isUnknown = (err: unknown): boolean => isDiscordApiError(err) && err.status === 404;

async function textChannel(guild: Guild, channelId: string) {
  const channel = guild.channels.cache.get(channelId) ?? (await guild.channels.fetch(channelId));
  if (!channel?.isTextBased()) {
    throw Object.assign(new Error('Not a text channel'), { status: 404 });
  }
  return channel;
}

export function createDiscordGuildPort(guild: Guild): GuildPort {
  const client: Client = guild.client;
  // The member cache is kept current by gateway events when the bot has the Server Members intent; a member
  // missing from it (swept, never seen) is fetched. Without the intent nothing keeps it current: always fetch.
  const cacheIsLive = client.options.intents.has(GatewayIntentBits.GuildMembers);
  const fetchMember = async (userId: string): Promise<GuildMember | null> => {
    if (cacheIsLive) {
      const cached = guild.members.cache.get(userId);
      if (cached && !cached.partial) return cached;
      // Every member is cached: a miss means the user is not in the guild.
      if (!cached && guild.members.cache.size >= guild.memberCount) return null;
    }
    try {
      return await guild.members.fetch({ user: userId, force: true });
    } catch (err) {
      if (isUnknown(err)) return null;
      throw err;
    }
  };
  return {
    guildId: guild.id,
    guildName: guild.name,
    ownerId: guild.ownerId,
    botUserId: client.user?.id ?? '',
    async botTopRolePosition() {
      const me = guild.members.me ?? (await guild.members.fetchMe());
      return me.roles.highest.position;
    },
    async member(userId) {
      const m = await fetchMember(userId);
      return m ? memberInfo(m) : null;
    },
    async user(userId) {
      try {
        return userInfo(await client.users.fetch(userId));
      } catch (err) {
        if (isUnknown(err)) return null;
        throw err;
      }
    },
    async ban(userId, opts) {
      await guild.bans.create(userId, { deleteMessageSeconds: opts.deleteMessageSeconds, reason: opts.reason });
    },
    async unban(userId, reason) {
      await guild.bans.remove(userId, reason);
    },
    async bans() {
      const list = await guild.bans.fetch({ cache: false });
      return list.map((b) => userInfo(b.user));
    },
    async isBanned(userId) {
      try {
        await guild.bans.fetch({ user: userId, force: true, cache: false });
        return true;
      } catch (err) {
        if (isUnknown(err)) return false;
        throw err;
      }
    },
    async kick(userId, reason) {
      await guild.members.kick(userId, reason);
    },
    async timeout(userId, until, reason) {
      await guild.members.edit(userId, {
        communicationDisabledUntil: until === null ? null : new Date(until).toISOString(),
        reason,
      });
    },
    async addRoles(userId, roleIds, reason) {
      for (const roleId of roleIds) await guild.members.addRole({ user: userId, role: roleId, reason });
    },
    async removeRoles(userId, roleIds, reason) {
      for (const roleId of roleIds) await guild.members.removeRole({ user: userId, role: roleId, reason });
    },
    async assignableRoles(roleIds) {
      const me = guild.members.me ?? (await guild.members.fetchMe());
      const top = me.roles.highest.position;
      // Roles arrive with the guild and every change is an event: the cache is current.
      const roles = guild.roles.cache.size > 0 ? guild.roles.cache : await guild.roles.fetch();
      return roleIds.filter((id) => {
        const role = roles.get(id);
        return role !== undefined && id !== guild.id && !role.managed && role.position < top;
      });
    },
    async hasRole(roleId) {
      return (guild.roles.cache.get(roleId) ?? (await guild.roles.fetch(roleId).catch(() => null))) != null;
    },
    async hasChannel(channelId) {
      return (guild.channels.cache.get(channelId) ?? (await guild.channels.fetch(channelId).catch(() => null))) != null;
    },
    async sendDm(userId, embed) {
      try {
        // Both come from the cache when they can: the user, and the DM channel opened by an earlier DM.
        const user = await client.users.fetch(userId);
        const channel = user.dmChannel ?? (await user.createDM());
        await channel.send({ embeds: [embed] });
        return true;
      } catch {
        return false;
      }
    },
    async postEmbeds(channelId, embeds) {
      const channel = await textChannel(guild, channelId);
      const message = await channel.send({ embeds: [...embeds], allowedMentions: { parse: [] } });
      return message.id;
    },
    async messageEmbeds(channelId, messageId) {
      const channel = await textChannel(guild, channelId);
      const message = await channel.messages.fetch(messageId);
      return message.embeds.map((e) => e.toJSON());
    },
    async editMessage(channelId, messageId, embeds) {
      const channel = await textChannel(guild, channelId);
      await channel.messages.edit(messageId, { embeds: [...embeds] });
    },
  };
}
