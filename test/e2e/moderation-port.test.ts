/**
 * The moderation pipeline against the Discord emulator through real discord.js: the GuildPort's REST calls change
 * the emulator's state the way Discord would (bans, timeouts, roles, mod-log messages and their edits).
 */
import { Client, GatewayIntentBits } from 'discord.js';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTempDb, type TempDb } from '#core/db/temp-db.ts';
import { createScheduler, type DurableScheduler } from '#core/scheduler/index.ts';
import { getCase } from '#modules/cases/case-store.ts';
import { CaseTypeRegistry } from '#modules/cases/case-types.ts';
import { createDiscordGuildPort } from '#modules/moderation/discord-guild-port.ts';
import type { GuildPort } from '#modules/moderation/guild-port.ts';
import { createModLog } from '#modules/moderation/mod-log.ts';
import { updateModerationSettings } from '#modules/moderation/moderation-settings.ts';
import type { ModerationDeps } from '#modules/moderation/moderation-types.ts';
import { setModlogRoute } from '#modules/moderation/modlog-routes.ts';
import { runModeration } from '#modules/moderation/run-moderation.ts';
import { type FakeDiscord, startFakeDiscord } from '#test/fake-discord/server.ts';

let fake: FakeDiscord;
let client: Client;
let t: TempDb;
let scheduler: DurableScheduler;
let deps: ModerationDeps;
let port: GuildPort;
let gid: string;
const id = (key: string) => fake.ids.users[key] as string;

beforeAll(async () => {
  fake = await startFakeDiscord({ heartbeatMs: 2000 });
  gid = fake.ids.guilds.demo as string;
  client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers, GatewayIntentBits.GuildModeration],
    rest: { api: fake.apiUrl },
  });
  const ready = new Promise((resolve) => client.once('clientReady', resolve));
  await client.login(fake.token);
  await ready;
  t = await openTempDb();
  const log = pino({ level: 'silent' });
  scheduler = createScheduler({ db: t.db, log });
  port = createDiscordGuildPort(client.guilds.cache.get(gid)!);
  deps = {
    db: t.db,
    types: new CaseTypeRegistry(),
    scheduler,
    log,
    modLog: createModLog({ db: t.db, log }),
    resolveGuild: async () => port,
    retry: { baseMs: 10 },
  };
  setModlogRoute(t.db, gid, '*', fake.ids.channels.modLog as string);
});

afterAll(async () => {
  await scheduler?.stop();
  await client?.destroy();
  await fake?.close();
  t?.cleanup();
});

describe('moderation against the emulator', () => {
  it('bans with message purge and posts the case to the mod log', async () => {
    const out = await runModeration(deps, {
      guild: port,
      action: 'ban',
      moderatorId: id('moderator'),
      targetId: id('member3'),
      reason: 'spam',
      purgeDays: 1,
    });
    expect(out.failure).toBeNull();
    expect(fake.world.guilds.get(gid)?.bans.has(id('member3'))).toBe(true);
    const stored = getCase(t.db, gid, 1);
    const post = fake.world.messages.get(stored?.modLogMessageId ?? '');
    expect(post?.channel_id).toBe(fake.ids.channels.modLog);
    expect(JSON.stringify(post)).toContain('Case #1 (BAN)');
  });

  it('times out and lifts the timeout, closing the case', async () => {
    await runModeration(deps, {
      guild: port,
      action: 'timeout',
      moderatorId: id('moderator'),
      targetId: id('member1'),
      durationMs: 3_600_000,
      silent: true,
    });
    expect(fake.world.guilds.get(gid)?.members.get(id('member1'))?.communication_disabled_until).not.toBeNull();
    const un = await runModeration(deps, {
      guild: port,
      action: 'untimeout',
      moderatorId: id('moderator'),
      targetId: id('member1'),
    });
    expect(un.case.type).toBe('UNTIMEOUT');
    expect(fake.world.guilds.get(gid)?.members.get(id('member1'))?.communication_disabled_until ?? null).toBeNull();
  });

  it('refuses a target above the moderator', async () => {
    await expect(
      runModeration(deps, { guild: port, action: 'kick', moderatorId: id('moderator'), targetId: id('admin') }),
    ).rejects.toThrow(/higher role/);
  });

  it('jails and unjails, restoring roles', async () => {
    updateModerationSettings(t.db, gid, {
      jailRoleId: fake.ids.roles.jail as string,
      jailChannelId: fake.ids.channels.jailChannel as string,
    });
    const member = id('member2');
    await runModeration(deps, {
      guild: port,
      action: 'jail',
      moderatorId: id('moderator'),
      targetId: member,
      silent: true,
    });
    expect(fake.world.guilds.get(gid)?.members.get(member)?.roles).toEqual([fake.ids.roles.jail]);
    await runModeration(deps, {
      guild: port,
      action: 'unjail',
      moderatorId: id('moderator'),
      targetId: member,
      silent: true,
    });
    expect(fake.world.guilds.get(gid)?.members.get(member)?.roles).toEqual([fake.ids.roles.member]);
  });
});
