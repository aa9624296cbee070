import { ActivityType, type Client, GatewayIntentBits, type Presence } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginTestClient } from './login-test-client.ts';
import { type FakeDiscord, startFakeDiscord } from './server.ts';

let fake: FakeDiscord;
let client: Client;

beforeAll(async () => {
  fake = await startFakeDiscord({ heartbeatMs: 2000 });
  client = await loginTestClient(fake);
});

afterAll(async () => {
  await client?.destroy();
  await fake?.close();
});

const nextPresence = (c: Client, userId: string) =>
  new Promise<Presence>((resolve) => {
    const on = (_old: Presence | null, now: Presence) => {
      if (now.userId !== userId) return;
      c.off('presenceUpdate', on);
      resolve(now);
    };
    c.on('presenceUpdate', on);
  });

describe('presences', () => {
  it('sends a custom status as a type 4 activity with its text in state', async () => {
    const userId = fake.ids.users.member1!;
    const got = nextPresence(client, userId);
    await fake.control.setPresence({
      guildId: fake.ids.guilds.demo!,
      userId,
      status: 'online',
      activities: [{ type: 4, state: 'join discord.gg/linux', emoji: { name: '🐧' } }],
    });
    const presence = await got;
    expect(presence.status).toBe('online');
    expect(presence.activities).toHaveLength(1);
    expect(presence.activities[0]).toMatchObject({
      type: ActivityType.Custom,
      name: 'Custom Status',
      state: 'join discord.gg/linux',
    });
    expect(presence.activities[0]?.emoji?.name).toBe('🐧');
  });

  it('clears activities for a member who goes offline', async () => {
    const userId = fake.ids.users.member1!;
    const got = nextPresence(client, userId);
    await fake.control.setPresence({
      guildId: fake.ids.guilds.demo!,
      userId,
      status: 'offline',
      activities: [{ type: 4, state: 'still here?' }],
    });
    const presence = await got;
    expect(presence.status).toBe('offline');
    expect(presence.activities).toEqual([]);
  });

  it('refuses an unknown activity type, a custom status with no text or emoji, and an unknown status', async () => {
    const base = { guildId: fake.ids.guilds.demo!, userId: fake.ids.users.member2! };
    await expect(
      fake.control.setPresence({ ...base, status: 'online', activities: [{ type: 9, name: 'x' }] }),
    ).rejects.toThrow(/type must be 0–5/);
    await expect(fake.control.setPresence({ ...base, status: 'online', activities: [{ type: 4 }] })).rejects.toThrow(
      /needs state or emoji/,
    );
    await expect(fake.control.setPresence({ ...base, status: 'away' as never })).rejects.toThrow(/Unknown status/);
  });

  it('puts presences in GUILD_CREATE and sends PRESENCE_UPDATE only with the GUILD_PRESENCES intent', async () => {
    const guildId = fake.ids.guilds.demo!;
    const userId = fake.ids.users.member2!;
    await fake.control.setPresence({ guildId, userId, status: 'idle', activities: [{ type: 4, state: 'afk' }] });
    const withPresences = await loginTestClient(fake);
    const without = await loginTestClient(fake, {
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers],
    });
    try {
      const cached = withPresences.guilds.cache.get(guildId)!.presences.cache.get(userId);
      expect(cached?.status).toBe('idle');
      expect(cached?.activities[0]?.state).toBe('afk');
      expect(without.guilds.cache.get(guildId)!.presences.cache.size).toBe(0);
      let seen = 0;
      without.on('presenceUpdate', () => {
        seen += 1;
      });
      const got = nextPresence(withPresences, userId);
      await fake.control.setPresence({ guildId, userId, status: 'dnd', activities: [{ type: 4, state: 'busy' }] });
      expect((await got).activities[0]?.state).toBe('busy');
      expect(seen).toBe(0);
    } finally {
      await withPresences.destroy();
      await without.destroy();
    }
  });
});
