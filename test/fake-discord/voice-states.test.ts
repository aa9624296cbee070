import { ChannelType, type Client, GatewayIntentBits, Routes, type VoiceChannel } from 'discord.js';
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

function until<T>(check: () => T | undefined | null | false, timeoutMs = 10_000): Promise<T> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      const value = check();
      if (value) return resolve(value);
      if (Date.now() - started > timeoutMs) return reject(new Error('timed out waiting'));
      setTimeout(tick, 20);
    };
    tick();
  });
}

describe('voice channels and voice states', () => {
  it('clones a voice channel with its bitrate, user limit, category and overwrites, then deletes it', async () => {
    const guild = client.guilds.cache.get(fake.ids.guilds.demo!)!;
    const source = guild.channels.cache.get(fake.ids.channels.voice!) as VoiceChannel;
    await source.edit({ userLimit: 5, bitrate: 48000 });
    await source.permissionOverwrites.edit(fake.ids.roles.jail!, { Connect: false });
    const clone = (await source.clone({ name: '/tmp/carol' })) as VoiceChannel;
    expect(clone.type).toBe(ChannelType.GuildVoice);
    expect(clone.parentId).toBe(fake.ids.channels.voiceCategory);
    const stored = (await fake.control.channel({ channelId: clone.id })) as Record<string, unknown>;
    expect(stored).toMatchObject({ name: '/tmp/carol', type: 2, user_limit: 5, bitrate: 48000 });
    expect(stored.permission_overwrites).toEqual([
      expect.objectContaining({ id: fake.ids.roles.jail, deny: String(1n << 20n) }),
    ]);
    await clone.delete();
    expect(await fake.control.channel({ channelId: clone.id })).toBeNull();
  });

  it('refuses a parent that is not a category and a user limit over 99', async () => {
    const guild = client.guilds.cache.get(fake.ids.guilds.demo!)!;
    await expect(
      guild.channels.create({ name: 'x', type: ChannelType.GuildVoice, parent: fake.ids.channels.general! }),
    ).rejects.toMatchObject({ code: 50035 });
    await expect(
      guild.channels.create({ name: 'x', type: ChannelType.GuildVoice, userLimit: 100 }),
    ).rejects.toMatchObject({ code: 50035 });
  });

  it('lets a member join, switch and leave, with VOICE_STATE_UPDATE each time', async () => {
    const guild = client.guilds.cache.get(fake.ids.guilds.demo!)!;
    const userId = fake.ids.users.member2!;
    await fake.control.joinVoice({ userId, channelId: fake.ids.channels.voice! });
    await until(() => guild.voiceStates.cache.get(userId)?.channelId === fake.ids.channels.voice);
    await fake.control.joinVoice({ userId, channelId: fake.ids.channels.voice2! });
    await until(() => guild.voiceStates.cache.get(userId)?.channelId === fake.ids.channels.voice2);
    await fake.control.leaveVoice({ userId, guildId: guild.id });
    await until(() => guild.voiceStates.cache.get(userId)?.channelId === null);
  });

  it('refuses a member who cannot connect, and a full channel', async () => {
    const guild = client.guilds.cache.get(fake.ids.guilds.demo!)!;
    const created = await guild.channels.create({ name: 'small', type: ChannelType.GuildVoice, userLimit: 1 });
    await fake.control.joinVoice({ userId: fake.ids.users.member1!, channelId: created.id });
    await expect(fake.control.joinVoice({ userId: fake.ids.users.member3!, channelId: created.id })).rejects.toThrow(
      /full/,
    );
    await created.permissionOverwrites.edit(guild.id, { Connect: false });
    await fake.control.leaveVoice({ userId: fake.ids.users.member1!, guildId: guild.id });
    await expect(fake.control.joinVoice({ userId: fake.ids.users.member3!, channelId: created.id })).rejects.toThrow(
      /cannot connect/,
    );
    await created.delete();
  });

  it('moves a member with PATCH channel_id, refuses a text channel, and disconnects with null', async () => {
    const guild = client.guilds.cache.get(fake.ids.guilds.demo!)!;
    const userId = fake.ids.users.member1!;
    await fake.control.joinVoice({ userId, channelId: fake.ids.channels.voice! });
    await until(() => guild.voiceStates.cache.get(userId)?.channelId);
    const member = guild.members.cache.get(userId)!;
    await member.voice.setChannel(fake.ids.channels.voice2!);
    expect(await fake.control.voiceStates({ guildId: guild.id })).toContainEqual({
      userId,
      channelId: fake.ids.channels.voice2,
    });
    await expect(
      client.rest.patch(Routes.guildMember(guild.id, userId), { body: { channel_id: fake.ids.channels.general } }),
    ).rejects.toMatchObject({ code: 50035 });
    await member.voice.disconnect();
    expect((await fake.control.voiceStates({ guildId: guild.id })).some((s) => s.userId === userId)).toBe(false);
    await expect(member.voice.setChannel(fake.ids.channels.voice!)).rejects.toMatchObject({ code: 40032 });
  });

  it('disconnects the members of a voice channel that is deleted', async () => {
    const guild = client.guilds.cache.get(fake.ids.guilds.demo!)!;
    const created = await guild.channels.create({ name: 'gone', type: ChannelType.GuildVoice });
    const userId = fake.ids.users.member1!;
    await fake.control.joinVoice({ userId, channelId: created.id });
    await until(() => guild.voiceStates.cache.get(userId)?.channelId === created.id);
    await created.delete();
    await until(() => guild.voiceStates.cache.get(userId)?.channelId === null);
    expect((await fake.control.voiceStates({ guildId: guild.id })).some((s) => s.userId === userId)).toBe(false);
  });

  it('sends voice states in GUILD_CREATE, and VOICE_STATE_UPDATE only with the GUILD_VOICE_STATES intent', async () => {
    const userId = fake.ids.users.member2!;
    await fake.control.joinVoice({ userId, channelId: fake.ids.channels.voice! });
    const withVoice = await loginTestClient(fake);
    const without = await loginTestClient(fake, { intents: [GatewayIntentBits.Guilds] });
    try {
      const guildId = fake.ids.guilds.demo!;
      expect(withVoice.guilds.cache.get(guildId)!.voiceStates.cache.get(userId)?.channelId).toBe(
        fake.ids.channels.voice,
      );
      let seen = 0;
      without.on('voiceStateUpdate', () => {
        seen += 1;
      });
      await fake.control.joinVoice({ userId, channelId: fake.ids.channels.voice2! });
      await until(
        () =>
          withVoice.guilds.cache.get(guildId)!.voiceStates.cache.get(userId)?.channelId === fake.ids.channels.voice2,
      );
      expect(seen).toBe(0);
    } finally {
      await withVoice.destroy();
      await without.destroy();
      await fake.control.leaveVoice({ userId, guildId: fake.ids.guilds.demo! });
    }
  });

  it('accepted every request body but the three deliberately invalid ones', async () => {
    expect((await fake.control.rejected()).map((r) => r.route)).toEqual([
      '/guilds/{guild_id}/channels',
      '/guilds/{guild_id}/channels',
      '/guilds/{guild_id}/members/{user_id}',
    ]);
  });
});
