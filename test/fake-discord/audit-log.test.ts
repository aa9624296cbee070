/**
 * Audit-log entries in the emulator: recorded for the bot's and members' channel/role deletions and bans, served by
 * GET /guilds/{id}/audit-logs with filters and limits, announced by GUILD_AUDIT_LOG_ENTRY_CREATE to a client with
 * the GuildModeration intent; and join bursts with chosen account creation dates.
 */
import { AuditLogEvent, type Client, type GuildAuditLogsEntry, type GuildMember } from 'discord.js';
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

describe('audit log', () => {
  it('records a member’s and the bot’s deletions and bans, with events and filters', async () => {
    const seen: GuildAuditLogsEntry[] = [];
    client.on('guildAuditLogEntryCreate', (entry) => seen.push(entry));
    const admin = fake.ids.users.admin!;
    const ch = await guild().channels.create({ name: 'doomed' });
    await fake.control.memberAction({ guildId, userId: admin, action: 'deleteChannel', targetId: ch.id });
    await fake.control.memberAction({ guildId, userId: admin, action: 'ban', targetId: fake.ids.users.member3! });
    const role = await guild().roles.create({ name: 'temp' });
    await role.delete('cleanup');
    await expect(
      fake.control.memberAction({ guildId, userId: fake.ids.users.member1!, action: 'deleteRole', targetId: role.id }),
    ).rejects.toThrow(/lacks the permission/);
    const deadline = Date.now() + 5000;
    while (seen.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(seen.map((e) => [e.action, e.executorId])).toEqual([
      [AuditLogEvent.ChannelDelete, admin],
      [AuditLogEvent.MemberBanAdd, admin],
      [AuditLogEvent.RoleDelete, client.user!.id],
    ]);
    const logs = await guild().fetchAuditLogs({ user: admin });
    expect(logs.entries.map((e) => e.action)).toEqual([AuditLogEvent.MemberBanAdd, AuditLogEvent.ChannelDelete]);
    const roleOnly = await guild().fetchAuditLogs({ type: AuditLogEvent.RoleDelete, limit: 1 });
    expect(roleOnly.entries.first()?.reason).toBe('cleanup');
    await expect(guild().fetchAuditLogs({ limit: 500 })).rejects.toMatchObject({ code: 50035 });
  });

  it('joins a burst of new accounts with the given creation date', async () => {
    const joined: GuildMember[] = [];
    client.on('guildMemberAdd', (m) => joined.push(m));
    const created = new Date(Date.now() - 2 * 86_400_000);
    const { userIds } = await fake.control.joinBurst({ guildId, count: 10, accountCreatedAt: created.toISOString() });
    expect(userIds).toHaveLength(10);
    const deadline = Date.now() + 5000;
    while (joined.length < 10 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(joined).toHaveLength(10);
    for (const m of joined) expect(Math.abs(m.user.createdTimestamp - created.getTime())).toBeLessThan(1000);
    await expect(fake.control.joinBurst({ guildId, count: 0 })).rejects.toThrow(/count/);
  });
});
