import type { Client, Guild, GuildBasedChannel, GuildMember, Role, User } from 'discord.js';
import { type EntityResolver, idFromMention } from './convert.ts';

/** Looks users, members, channels and roles up in the cache first, then over REST; names match case-insensitively. */
export function guildResolver(client: Client, guild: Guild | null): EntityResolver {
  return {
    async user(id: string): Promise<User | null> {
      return client.users.cache.get(id) ?? (await client.users.fetch(id).catch(() => null));
    },
    async member(query: string): Promise<GuildMember | null> {
      if (!guild) return null;
      const id = idFromMention(query, 'user');
      if (id) return guild.members.cache.get(id) ?? (await guild.members.fetch(id).catch(() => null));
      const q = query.replace(/^@/, '').toLowerCase();
      const named = (m: GuildMember) =>
        m.user.username.toLowerCase() === q || m.displayName.toLowerCase() === q || m.user.tag.toLowerCase() === q;
      const cached = guild.members.cache.find(named);
      if (cached) return cached;
      // The member cache is bounded: a member not in it is searched for on Discord by name.
      const found = await guild.members.fetch({ query: q.split('#')[0]!, limit: 10 }).catch(() => null);
      return found?.find(named) ?? null;
    },
    async channel(query: string): Promise<GuildBasedChannel | null> {
      if (!guild) return null;
      const id = idFromMention(query, 'channel');
      if (id) return guild.channels.cache.get(id) ?? (await guild.channels.fetch(id).catch(() => null));
      const q = query.replace(/^#/, '').toLowerCase();
      return guild.channels.cache.find((c) => c.name.toLowerCase() === q) ?? null;
    },
    async role(query: string): Promise<Role | null> {
      if (!guild) return null;
      const id = idFromMention(query, 'role');
      if (id) return guild.roles.cache.get(id) ?? (await guild.roles.fetch(id).catch(() => null));
      const q = query.replace(/^@/, '').toLowerCase();
      return guild.roles.cache.find((r) => r.name.toLowerCase() === q) ?? null;
    },
  };
}
