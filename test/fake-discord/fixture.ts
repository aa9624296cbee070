import { PermissionFlagsBits } from 'discord-api-types/v10';
import { z } from 'zod';
import { newMember, newRole } from './member-ops.ts';
import type { StoredChannel, StoredGuild, World } from './world.ts';

/**
 * World fixtures: users, guilds, roles, channels and members, referenced by `key` so a fixture needs no ids.
 * Ids are generated (or taken from `id`) and reported back as `FixtureIds` (key -> id).
 */

const permissionList = z.union([z.array(z.string()), z.string().regex(/^\d+$/)]);

const overwriteSchema = z.object({
  role: z.string().optional(),
  member: z.string().optional(),
  allow: permissionList.default([]),
  deny: permissionList.default([]),
});

export const fixtureSchema = z.object({
  bot: z
    .object({
      id: z.string().optional(),
      username: z.string().default('Tux'),
      global_name: z.string().nullable().optional(),
    })
    .default({ username: 'Tux' }),
  users: z
    .array(
      z.object({
        key: z.string(),
        id: z.string().optional(),
        username: z.string(),
        global_name: z.string().nullable().optional(),
        bot: z.boolean().optional(),
      }),
    )
    .default([]),
  guilds: z
    .array(
      z.object({
        key: z.string(),
        id: z.string().optional(),
        name: z.string(),
        owner: z.string().describe('user key of the owner'),
        everyonePermissions: permissionList.default([]),
        /** Lowest first; positions are 1..n in this order. */
        roles: z
          .array(
            z.object({
              key: z.string(),
              id: z.string().optional(),
              name: z.string(),
              permissions: permissionList.default([]),
              color: z.number().int().optional(),
              hoist: z.boolean().optional(),
              mentionable: z.boolean().optional(),
              /** The bot's own managed role. */
              bot: z.boolean().optional(),
            }),
          )
          .default([]),
        channels: z
          .array(
            z.object({
              key: z.string(),
              id: z.string().optional(),
              name: z.string(),
              type: z.enum(['text', 'voice', 'category', 'announcement', 'forum', 'stage']).default('text'),
              parent: z.string().optional(),
              topic: z.string().optional(),
              nsfw: z.boolean().optional(),
              rateLimitPerUser: z.number().int().optional(),
              overwrites: z.array(overwriteSchema).default([]),
            }),
          )
          .default([]),
        members: z
          .array(
            z.object({
              user: z.string(),
              roles: z.array(z.string()).default([]),
              nick: z.string().nullable().optional(),
            }),
          )
          .default([]),
        /** Role keys the bot holds in this guild. */
        botRoles: z.array(z.string()).default([]),
        systemChannel: z.string().optional(),
      }),
    )
    .default([]),
});

export type Fixture = z.input<typeof fixtureSchema>;

export interface FixtureIds {
  bot: string;
  users: Record<string, string>;
  guilds: Record<string, string>;
  roles: Record<string, string>;
  channels: Record<string, string>;
}

const CHANNEL_TYPES = { text: 0, voice: 2, category: 4, announcement: 5, stage: 13, forum: 15 } as const;

export function permissionBits(list: string[] | string): string {
  if (typeof list === 'string') return list;
  let bits = 0n;
  for (const name of list) {
    const bit = (PermissionFlagsBits as Record<string, bigint>)[name];
    if (bit === undefined)
      throw new Error(
        `Unknown permission "${name}" in fixture; use a PermissionFlagsBits name such as "SendMessages".`,
      );
    bits |= bit;
  }
  return bits.toString();
}

/** Fills an empty world from a fixture; throws a message naming the bad reference. */
export function seedWorld(world: World, input: Fixture): FixtureIds {
  const fixture = fixtureSchema.parse(input);
  const ids: FixtureIds = { bot: world.botId, users: {}, guilds: {}, roles: {}, channels: {} };
  const ref = (kind: keyof Omit<FixtureIds, 'bot'>, key: string, where: string): string => {
    const id = ids[kind][key];
    if (!id) throw new Error(`Fixture ${where} refers to unknown ${kind.slice(0, -1)} "${key}".`);
    return id;
  };
  for (const u of fixture.users) {
    const id = u.id ?? world.ids.next();
    world.users.set(id, {
      id,
      username: u.username,
      discriminator: '0',
      global_name: u.global_name ?? null,
      avatar: null,
      bot: u.bot ?? false,
      flags: 0,
    } as never);
    ids.users[u.key] = id;
  }
  const now = world.nowIso();
  for (const g of fixture.guilds) {
    const guildId = g.id ?? world.ids.next();
    ids.guilds[g.key] = guildId;
    const guild: StoredGuild = {
      id: guildId,
      name: g.name,
      owner_id: ref('users', g.owner, `guild "${g.key}" owner`),
      icon: null,
      description: null,
      joined_at: now,
      roles: new Map(),
      members: new Map(),
      bans: new Map(),
      emojis: new Map(),
      voiceStates: new Map(),
      presences: new Map(),
      system_channel_id: null,
    };
    guild.roles.set(
      guildId,
      newRole(guildId, { name: '@everyone', position: 0, permissions: permissionBits(g.everyonePermissions) }),
    );
    g.roles.forEach((r, index) => {
      const id = r.id ?? world.ids.next();
      ids.roles[r.key] = id;
      const role = newRole(id, {
        name: r.name,
        position: index + 1,
        permissions: permissionBits(r.permissions),
        color: r.color ?? 0,
        hoist: r.hoist ?? false,
        mentionable: r.mentionable ?? false,
        managed: r.bot ?? false,
      });
      if (r.bot) role.tags = { bot_id: world.botId };
      guild.roles.set(id, role);
    });
    g.channels.forEach((c, index) => {
      const id = c.id ?? world.ids.next();
      ids.channels[c.key] = id;
      const type = CHANNEL_TYPES[c.type];
      const channel: StoredChannel = {
        id,
        type,
        guild_id: guildId,
        name: c.name,
        position: index,
        parent_id: c.parent ? ref('channels', c.parent, `channel "${c.key}" parent`) : null,
        nsfw: c.nsfw ?? false,
        permission_overwrites: c.overwrites.map((o) => {
          const target = o.role
            ? o.role === '@everyone'
              ? guildId
              : ref('roles', o.role, `channel "${c.key}" overwrite`)
            : o.member
              ? o.member === '@bot'
                ? world.botId
                : ref('users', o.member, `channel "${c.key}" overwrite`)
              : guildId;
          return { id: target, type: o.member ? 1 : 0, allow: permissionBits(o.allow), deny: permissionBits(o.deny) };
        }),
      };
      if (type === 0 || type === 5 || type === 15) {
        channel.topic = c.topic ?? null;
        channel.rate_limit_per_user = c.rateLimitPerUser ?? 0;
        channel.last_message_id = null;
      }
      if (type === 2 || type === 13) {
        channel.bitrate = 64000;
        channel.user_limit = 0;
        channel.rtc_region = null;
      }
      world.channels.set(id, channel);
    });
    const addMember = (userId: string, roles: string[], nick: string | null) =>
      guild.members.set(userId, newMember(userId, now, { roles, nick }));
    addMember(guild.owner_id, [], null);
    for (const m of g.members) {
      const userId = ref('users', m.user, `guild "${g.key}" member`);
      addMember(
        userId,
        m.roles.map((key) => ref('roles', key, `member "${m.user}" roles`)),
        m.nick ?? null,
      );
    }
    addMember(
      world.botId,
      g.botRoles.map((key) => ref('roles', key, `guild "${g.key}" botRoles`)),
      null,
    );
    if (g.systemChannel) guild.system_channel_id = ref('channels', g.systemChannel, `guild "${g.key}" systemChannel`);
    world.guilds.set(guildId, guild);
  }
  return ids;
}
