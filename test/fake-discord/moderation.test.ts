import { type Client, DiscordAPIError, type GuildMember, type Role } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginTestClient } from './login-test-client.ts';
import { type FakeDiscord, startFakeDiscord } from './server.ts';

let fake: FakeDiscord;
let client: Client;
let guildId: string;

beforeAll(async () => {
  fake = await startFakeDiscord({ heartbeatMs: 2000 });
  client = await loginTestClient(fake);
  guildId = fake.ids.guilds.demo!;
});

afterAll(async () => {
  await client?.destroy();
  await fake?.close();
});

const guild = () => client.guilds.cache.get(guildId)!;

function once<T extends unknown[]>(event: string, filter: (...args: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    const handler = (...args: T) => {
      if (!filter(...args)) return;
      client.off(event, handler as never);
      resolve(args);
    };
    client.on(event, handler as never);
  });
}

describe('bans', () => {
  it('bans with a reason and purge window, removes the member and emits the events', async () => {
    const userId = fake.ids.users.member3!;
    const old = await fake.control.sendMessage({ channelId: fake.ids.channels.general!, userId, content: 'spam spam' });
    const removed = once<[GuildMember]>('guildMemberRemove', (m) => m.id === userId);
    const banned = once<[{ user: { id: string } }]>('guildBanAdd', (b) => b.user.id === userId);
    await guild().members.ban(userId, { reason: 'spamming links', deleteMessageSeconds: 3600 });
    await Promise.all([removed, banned]);
    const bans = await fake.control.bans({ guildId });
    expect(bans).toEqual([
      expect.objectContaining({ user: expect.objectContaining({ id: userId }), reason: 'spamming links' }),
    ]);
    expect(await fake.control.member({ guildId, userId })).toBeNull();
    expect(await fake.control.message({ messageId: old.id })).toBeNull();
    const [request] = await fake.control.requests({ method: 'PUT', route: '/guilds/{guild_id}/bans/{user_id}' });
    expect(request?.auditLogReason).toBe('spamming links');
    expect(request?.body).toEqual({ delete_message_seconds: 3600 });
    const fetched = await guild().bans.fetch(userId);
    expect(fetched.reason).toBe('spamming links');
    await expect(fake.control.joinGuild({ guildId, userId })).rejects.toThrow(/banned/);
    await guild().members.unban(userId);
    expect(await fake.control.bans({ guildId })).toEqual([]);
    await expect(guild().members.unban(userId)).rejects.toMatchObject({ code: 10026 });
  });

  it('refuses delete_message_seconds over 7 days as an invalid form body and records it', async () => {
    const error = await guild()
      .members.ban(fake.ids.users.member2!, { deleteMessageSeconds: 604801 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(50035);
    expect((error as DiscordAPIError).rawError).toMatchObject({
      errors: { delete_message_seconds: { _errors: [expect.objectContaining({ code: 'NUMBER_TYPE_MAX' })] } },
    });
    const rejected = await fake.control.rejected();
    expect(rejected.at(-1)).toMatchObject({ reason: 'invalid-body', route: '/guilds/{guild_id}/bans/{user_id}' });
    expect(await fake.control.member({ guildId, userId: fake.ids.users.member2! })).not.toBeNull();
  });

  it('refuses to ban a member above the bot and the owner with 50013', async () => {
    for (const target of [fake.ids.users.admin!, fake.ids.users.owner!]) {
      const error = await guild()
        .members.ban(target)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DiscordAPIError);
      expect((error as DiscordAPIError).status).toBe(403);
      expect((error as DiscordAPIError).code).toBe(50013);
    }
  });
});

describe('timeouts', () => {
  it('times a member out and back in, updating the discord.js cache', async () => {
    const userId = fake.ids.users.member1!;
    const member = await guild().members.fetch(userId);
    const updated = once<[GuildMember, GuildMember]>(
      'guildMemberUpdate',
      (_old, m) => m.id === userId && m.isCommunicationDisabled(),
    );
    await member.timeout(60_000, 'calm down');
    await updated;
    expect(guild().members.cache.get(userId)?.isCommunicationDisabled()).toBe(true);
    const stored = await fake.control.member({ guildId, userId });
    expect(Date.parse(stored!.communication_disabled_until!)).toBeGreaterThan(Date.now());
    await expect(
      fake.control.sendMessage({ channelId: fake.ids.channels.general!, userId, content: 'hi' }),
    ).rejects.toThrow(/cannot send/);
    await member.timeout(null);
    expect((await fake.control.member({ guildId, userId }))?.communication_disabled_until).toBeNull();
  });

  it('refuses timeouts longer than 28 days', async () => {
    const member = await guild().members.fetch(fake.ids.users.member1!);
    await expect(member.timeout(29 * 24 * 3600 * 1000)).rejects.toMatchObject({ code: 50035 });
  });
});

describe('roles', () => {
  it('creates a role, assigns and removes it, and the events update the cache', async () => {
    const created = once<[Role]>('roleCreate');
    const role = await guild().roles.create({ name: 'Helper', permissions: ['ManageMessages'], reason: 'new helpers' });
    expect((await created)[0].id).toBe(role.id);
    expect(role.position).toBe(1);
    const userId = fake.ids.users.member2!;
    const gotRole = once<[GuildMember, GuildMember]>(
      'guildMemberUpdate',
      (_o, m) => m.id === userId && m.roles.cache.has(role.id),
    );
    await guild().members.addRole({ user: userId, role: role.id });
    await gotRole;
    expect((await fake.control.member({ guildId, userId }))?.roles).toContain(role.id);
    await guild().members.removeRole({ user: userId, role: role.id });
    expect((await fake.control.member({ guildId, userId }))?.roles).not.toContain(role.id);
    const edited = await role.edit({ name: 'Helpers', colors: { primaryColor: 0x00ff00 } });
    expect(edited.name).toBe('Helpers');
    const moved = await role.setPosition(3);
    expect(moved.position).toBe(3);
    const order = (await fake.control.roles({ guildId })).map((r) => r.name);
    expect(order).toEqual(['@everyone', 'Jail', 'Member', 'Helpers', 'Moderator', 'Tux', 'Admin']);
    await expect(role.setPosition(6)).rejects.toMatchObject({ code: 50013 });
    await role.delete();
    expect(guild().roles.cache.has(role.id)).toBe(false);
  });

  it('refuses to assign a role above the bot, and permissions the bot lacks', async () => {
    const admin = fake.ids.roles.adminRole!;
    await expect(guild().members.addRole({ user: fake.ids.users.member2!, role: admin })).rejects.toMatchObject({
      code: 50013,
    });
    await expect(guild().roles.create({ name: 'Boss', permissions: ['Administrator'] })).rejects.toMatchObject({
      code: 50013,
    });
  });

  it('reacts to a role change made in Discord itself', async () => {
    const userId = fake.ids.users.member1!;
    const jail = fake.ids.roles.jail!;
    const updated = once<[GuildMember, GuildMember]>(
      'guildMemberUpdate',
      (_o, m) => m.id === userId && m.roles.cache.has(jail),
    );
    await fake.control.updateMember({ guildId, userId, roles: [jail] });
    await updated;
    expect(
      guild()
        .members.cache.get(userId)
        ?.roles.cache.map((r) => r.id),
    ).toEqual(expect.arrayContaining([jail]));
  });
});

describe('channels and messages', () => {
  it('sets slowmode and permission overwrites', async () => {
    const channel = guild().channels.cache.get(fake.ids.channels.general!);
    if (!channel?.isTextBased() || channel.isDMBased() || channel.isThread() || !('setRateLimitPerUser' in channel))
      throw new Error('text');
    await channel.setRateLimitPerUser(30);
    await channel.permissionOverwrites.edit(fake.ids.roles.jail!, { SendMessages: false });
    const stored = (await fake.control.channel({ channelId: channel.id })) as {
      rate_limit_per_user: number;
      permission_overwrites: { id: string; deny: string }[];
    };
    expect(stored.rate_limit_per_user).toBe(30);
    expect(stored.permission_overwrites.find((o) => o.id === fake.ids.roles.jail)?.deny).toBe('2048');
  });

  it('bulk deletes recent messages and refuses ones older than 14 days', async () => {
    const channelId = fake.ids.channels.botCommands!;
    const userId = fake.ids.users.moderator!;
    const recent = [];
    for (let i = 0; i < 3; i++) recent.push(await fake.control.sendMessage({ channelId, userId, content: `m${i}` }));
    const channel = guild().channels.cache.get(channelId);
    if (!channel?.isTextBased() || channel.isDMBased()) throw new Error('text');
    const deleted = await channel.bulkDelete(recent.map((m) => m.id));
    expect(deleted.size).toBe(3);
    expect(await fake.control.messages({ channelId })).toEqual([]);
    const old = await fake.control.sendMessage({
      channelId,
      userId,
      content: 'old',
      createdAt: new Date(Date.now() - 20 * 86400_000).toISOString(),
    });
    const fresh = await fake.control.sendMessage({ channelId, userId, content: 'new' });
    await expect(
      client.rest.post(`/channels/${channelId}/messages/bulk-delete`, { body: { messages: [old.id, fresh.id] } }),
    ).rejects.toMatchObject({ code: 50034 });
  });

  it('refuses content over 2000 characters and records the rejection', async () => {
    const channel = guild().channels.cache.get(fake.ids.channels.general!);
    if (!channel?.isSendable()) throw new Error('text');
    const before = (await fake.control.rejected()).length;
    await expect(channel.send('x'.repeat(2001))).rejects.toMatchObject({
      code: 50035,
      rawError: { errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } },
    });
    expect((await fake.control.rejected()).length).toBe(before + 1);
  });

  it('hides channels the bot cannot view (50001) and refuses sends without permission (50013)', async () => {
    const hidden = await guild().channels.create({
      name: 'secret',
      permissionOverwrites: [
        { id: guildId, deny: ['ViewChannel'] },
        { id: fake.ids.roles.botRole!, deny: ['ViewChannel'] },
      ],
    });
    await expect(hidden.send('hi')).rejects.toMatchObject({ code: 50001 });
    // Without VIEW_CHANNEL the bot cannot even edit the channel's overwrites.
    await expect(
      hidden.permissionOverwrites.edit(fake.ids.roles.botRole!, { ViewChannel: true }),
    ).rejects.toMatchObject({ code: 50001 });
    const readOnly = await guild().channels.create({
      name: 'read-only',
      permissionOverwrites: [
        { id: guildId, deny: ['SendMessages'] },
        { id: fake.ids.roles.botRole!, deny: ['SendMessages'] },
      ],
    });
    await expect(readOnly.send('hi')).rejects.toMatchObject({ code: 50013, status: 403 });
  });

  it('reacts, pins and opens a thread', async () => {
    const channelId = fake.ids.channels.general!;
    const msg = await fake.control.sendMessage({
      channelId,
      userId: fake.ids.users.moderator!,
      content: 'react to me',
    });
    const channel = guild().channels.cache.get(channelId);
    if (!channel?.isTextBased() || channel.isDMBased()) throw new Error('text');
    const message = await channel.messages.fetch(msg.id);
    const reactionSeen = once<[{ emoji: { name: string | null } }, { id: string }]>(
      'messageReactionAdd',
      (_r, u) => u.id === fake.ids.users.member2,
    );
    await fake.control.addReaction({ userId: fake.ids.users.member2!, messageId: msg.id, emoji: '👍' });
    expect((await reactionSeen)[0].emoji.name).toBe('👍');
    await message.react('✅');
    expect((await fake.control.message({ messageId: msg.id }))?.reactions?.map((r) => r.emoji.name)).toEqual([
      '👍',
      '✅',
    ]);
    await message.pin();
    expect((await fake.control.message({ messageId: msg.id }))?.pinned).toBe(true);
    const thread = await message.startThread({ name: 'discussion' });
    expect(thread.parentId).toBe(channelId);
    await thread.send('in thread');
    expect((await fake.control.messages({ channelId: thread.id }))[0]?.content).toBe('in thread');
  });

  it('opens DMs, and fails with 50007 when the user has DMs closed', async () => {
    const userId = fake.ids.users.member1!;
    const user = await client.users.fetch(userId);
    await user.send('hello by DM');
    expect((await fake.control.dmMessages({ userId }))[0]?.content).toBe('hello by DM');
    await fake.control.setDmsClosed({ userId, closed: true });
    await expect(user.send('again')).rejects.toMatchObject({ code: 50007 });
    await fake.control.setDmsClosed({ userId, closed: false });
  });
});

describe('members', () => {
  it('fetches, searches and kicks members', async () => {
    const all = await guild().members.fetch();
    expect(all.size).toBeGreaterThanOrEqual(6);
    const found = await guild().members.search({ query: 'dav' });
    expect(found.map((m) => m.user.username)).toEqual(['dave']);
    const nick = await guild().members.edit(fake.ids.users.member2!, { nick: 'D' });
    expect(nick.nickname).toBe('D');
    await guild().members.kick(fake.ids.users.member2!, 'bye');
    expect(await fake.control.member({ guildId, userId: fake.ids.users.member2! })).toBeNull();
    const rejoined = once<[GuildMember]>('guildMemberAdd', (m) => m.id === fake.ids.users.member2);
    await fake.control.joinGuild({ guildId, userId: fake.ids.users.member2! });
    await rejoined;
  });

  it('accepted every body discord.js sent except the deliberate ones', async () => {
    const reasons = (await fake.control.rejected()).map((r) => `${r.reason} ${r.route}`);
    expect(reasons).toEqual([
      'invalid-body /guilds/{guild_id}/bans/{user_id}',
      'invalid-body /guilds/{guild_id}/members/{user_id}',
      'invalid-body /channels/{channel_id}/messages',
    ]);
  });
});
