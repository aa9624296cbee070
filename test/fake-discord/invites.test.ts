import { ChannelType, type Client, Events, type Invite, PermissionFlagsBits, type TextChannel } from 'discord.js';
// @ts-expect-error: the package's ./zod export has no declaration file
import * as specModule from 'discord-api-spec/zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import { loginTestClient } from './login-test-client.ts';
import { type FakeDiscord, startFakeDiscord } from './server.ts';

const specSchemas = specModule as unknown as Record<string, z.ZodMiniType>;

/** Checks an invite against the spec's GuildInviteResponse; the inviter is left out, as the emulator's user objects
 * (everywhere, not only here) carry fewer fields than the spec's UserResponse. */
function inviteShapeIssues(invite: Record<string, unknown>): unknown[] {
  const { inviter: _inviter, ...rest } = invite;
  return specSchemas.GuildInviteResponseSchema!.safeParse(rest).error?.issues ?? [];
}

let fake: FakeDiscord;
let client: Client;

beforeAll(async () => {
  fake = await startFakeDiscord({ heartbeatMs: 2000 });
  // The demo bot may not invite or manage the guild; these tests give it those rights (one test takes them away).
  const demo = fake.world.guild(fake.ids.guilds.demo!);
  const botRole = demo.roles.get(fake.ids.roles.botRole!)!;
  botRole.permissions = String(
    BigInt(botRole.permissions) |
      PermissionFlagsBits.CreateInstantInvite |
      PermissionFlagsBits.ManageGuild |
      PermissionFlagsBits.ManageChannels,
  );
  client = await loginTestClient(fake, {
    intents: [1, 2, 64, 512].reduce((a, b) => a | b), // Guilds, GuildMembers, GuildInvites, GuildMessages
  });
});

afterAll(async () => {
  await client?.destroy();
  await fake?.close();
});

const guild = () => client.guilds.cache.get(fake.ids.guilds.demo!)!;
const text = (key: string) => guild().channels.cache.get(fake.ids.channels[key]!) as TextChannel;

// biome-ignore lint/suspicious/noExplicitAny: raw JSON of the API under test, read field by field
async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${fake.apiUrl}/v10${path}`, {
    method,
    headers: { authorization: `Bot ${fake.token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const textBody = await response.text();
  return { status: response.status, body: textBody ? JSON.parse(textBody) : null };
}

describe('invites', () => {
  it('creates an invite with discord.js, sends INVITE_CREATE and resolves it with counts', async () => {
    const created = new Promise<Invite>((resolve) => client.once(Events.InviteCreate, resolve));
    const invite = await text('general').createInvite({ maxAge: 3600, maxUses: 5, unique: true });
    expect(invite.code).toMatch(/^[A-Za-z0-9]{8}$/);
    expect(invite.maxUses).toBe(5);
    expect(invite.inviterId).toBe(fake.botId);
    expect((await created).code).toBe(invite.code);

    const fetched = await client.fetchInvite(invite.code, { withCounts: true } as never);
    expect(fetched.guild?.id).toBe(fake.ids.guilds.demo);
    expect(fetched.channelId).toBe(fake.ids.channels.general);
    expect(fetched.memberCount).toBe(fake.world.guild(fake.ids.guilds.demo!).members.size);
    expect(fetched.expiresTimestamp).toBe(invite.createdTimestamp! + 3600_000);

    const raw = await api('GET', `/invites/${invite.code}?with_counts=true&with_expiration=true`);
    expect(inviteShapeIssues(raw.body)).toEqual([]);
    expect(raw.body.approximate_member_count).toBeGreaterThan(0);
    expect(raw.body.uses).toBeUndefined();
    const listed = await api('GET', `/channels/${fake.ids.channels.general}/invites`);
    expect(inviteShapeIssues(listed.body[0])).toEqual([]);
  });

  it('reuses an equal invite unless unique is asked for', async () => {
    const a = await text('botCommands').createInvite({ maxAge: 600 });
    const b = await text('botCommands').createInvite({ maxAge: 600 });
    const c = await text('botCommands').createInvite({ maxAge: 600, unique: true });
    expect(b.code).toBe(a.code);
    expect(c.code).not.toBe(a.code);
  });

  it('lists guild and channel invites, and deletes one with INVITE_DELETE', async () => {
    const invite = await text('general').createInvite({ unique: true });
    const all = await guild().invites.fetch({ cache: false });
    expect(all.has(invite.code)).toBe(true);
    const channelList = await guild().invites.fetch({ channelId: fake.ids.channels.general!, cache: false });
    expect([...channelList.values()].every((i) => i.channelId === fake.ids.channels.general)).toBe(true);
    const deleted = new Promise<Invite>((resolve) => client.once(Events.InviteDelete, resolve));
    await guild().invites.delete(invite.code);
    expect((await deleted).code).toBe(invite.code);
    await expect(client.fetchInvite(invite.code)).rejects.toMatchObject({ code: 10006 });
  });

  it('answers 10006 for unknown and expired codes', async () => {
    await expect(client.fetchInvite('nope1234')).rejects.toMatchObject({ code: 10006, status: 404 });
    const old = await fake.control.createInvite({
      channelId: fake.ids.channels.general!,
      userId: fake.ids.users.moderator!,
      maxAge: 60,
      createdAt: new Date(Date.now() - 120_000).toISOString(),
    });
    await expect(client.fetchInvite(old.code as string)).rejects.toMatchObject({ code: 10006 });
    expect((await fake.control.invites({ guildId: fake.ids.guilds.demo! })).map((i) => i.code)).not.toContain(old.code);
  });

  it('validates the body and checks permissions', async () => {
    const bad = await api('POST', `/channels/${fake.ids.channels.general}/invites`, { max_uses: 500 });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe(50035);
    const { world } = fake;
    const demo = world.guild(fake.ids.guilds.demo!);
    const everyone = demo.roles.get(demo.id)!;
    const botRole = demo.roles.get(fake.ids.roles.botRole!)!;
    const saved = { everyone: everyone.permissions, bot: botRole.permissions };
    everyone.permissions = '0';
    botRole.permissions = String(1n << 10n); // VIEW_CHANNEL only
    try {
      const refused = await api('POST', `/channels/${fake.ids.channels.general}/invites`, {});
      expect(refused.body.code).toBe(50013);
      expect((await api('GET', `/guilds/${demo.id}/invites`)).body.code).toBe(50013);
      expect((await api('GET', `/channels/${fake.ids.channels.general}/invites`)).body.code).toBe(50013);
    } finally {
      everyone.permissions = saved.everyone;
      botRole.permissions = saved.bot;
    }
  });

  it('lets a member join with an invite: uses go up, and a used-up invite is deleted', async () => {
    const user = await fake.control.createUser({ username: 'newcomer' });
    const other = await fake.control.createUser({ username: 'second' });
    const invite = await fake.control.createInvite({
      channelId: fake.ids.channels.general!,
      userId: fake.ids.users.moderator!,
      maxUses: 2,
    });
    const joined = new Promise<string>((resolve) => client.once(Events.GuildMemberAdd, (m) => resolve(m.id)));
    await fake.control.joinWithInvite({ code: invite.code as string, userId: user.id });
    expect(await joined).toBe(user.id);
    const listed = (await fake.control.invites({ guildId: fake.ids.guilds.demo! })).find((i) => i.code === invite.code);
    expect(listed?.uses).toBe(1);
    const gone = new Promise<Invite>((resolve) => client.once(Events.InviteDelete, resolve));
    await fake.control.joinWithInvite({ code: invite.code as string, userId: other.id });
    expect((await gone).code).toBe(invite.code);
    const third = await fake.control.createUser({ username: 'third' });
    await expect(fake.control.joinWithInvite({ code: invite.code as string, userId: third.id })).rejects.toThrow(
      /Unknown Invite/,
    );
  });

  it('serves a vanity code that resolves like an invite and shows on the guild', async () => {
    await fake.control.setVanityCode({ guildId: fake.ids.guilds.demo!, code: 'tuxdemo' });
    const invite = await client.fetchInvite('tuxdemo');
    expect(invite.guild?.id).toBe(fake.ids.guilds.demo);
    expect(invite.inviter).toBeNull();
    const vanity = await api('GET', `/guilds/${fake.ids.guilds.demo}/vanity-url`);
    expect(vanity.body).toEqual({ code: 'tuxdemo', uses: 0 });
    const user = await fake.control.createUser({ username: 'vanityjoiner' });
    await fake.control.joinWithInvite({ code: 'tuxdemo', userId: user.id });
    expect((await api('GET', `/guilds/${fake.ids.guilds.demo}/vanity-url`)).body.uses).toBe(1);
    expect((await api('DELETE', '/invites/tuxdemo')).body.code).toBe(50013);
    await fake.control.setVanityCode({ guildId: fake.ids.guilds.demo!, code: null });
    await expect(client.fetchInvite('tuxdemo')).rejects.toMatchObject({ code: 10006 });
  });

  it('refuses invites to DM channels', async () => {
    const dm = await client.users.createDM(fake.ids.users.member1!);
    expect(dm.type).toBe(ChannelType.DM);
    const refused = await api('POST', `/channels/${dm.id}/invites`, {});
    expect(refused.body.code).toBe(50024);
  });
});
