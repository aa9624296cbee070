import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  AudioPlayerStatus,
  createAudioPlayer,
  createAudioResource,
  DAVESession,
  entersState,
  joinVoiceChannel,
  VoiceConnectionStatus,
} from '@discordjs/voice';
import type { Client } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loginTestClient } from '../login-test-client.ts';
import { type FakeDiscord, startFakeDiscord } from '../server.ts';
import { sineWav } from './sine-wav.ts';

describe('emulator voice server', () => {
  let fake: FakeDiscord;
  let client: Client;
  let dir: string;
  let wav: string;

  beforeAll(async () => {
    fake = await startFakeDiscord({ heartbeatMs: 2000, voice: { heartbeatMs: 1000 } });
    client = await loginTestClient(fake);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-voice-'));
    wav = path.join(dir, 'sine.wav');
    fs.writeFileSync(wav, sineWav({ seconds: 1, frequency: 440 }));
  });
  afterAll(async () => {
    await client.destroy();
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    await fake.control.setVoiceModes({ modes: ['aead_aes256_gcm_rtpsize', 'aead_xchacha20_poly1305_rtpsize'] });
  });

  async function playOnce(channelKey: string) {
    const guild = client.guilds.cache.get(fake.ids.guilds.demo!)!;
    const before = fake.voice!.sessions.get(guild.id)?.framesTotal ?? 0;
    const connection = joinVoiceChannel({
      guildId: guild.id,
      channelId: fake.ids.channels[channelKey]!,
      adapterCreator: guild.voiceAdapterCreator,
    });
    try {
      await entersState(connection, VoiceConnectionStatus.Ready, 15_000);
      const player = createAudioPlayer();
      connection.subscribe(player);
      player.play(createAudioResource(wav));
      await entersState(player, AudioPlayerStatus.Playing, 15_000);
      await entersState(player, AudioPlayerStatus.Idle, 20_000);
      const view = await fake.control.voiceSession({ guildId: guild.id });
      const pcm = await fake.control.voicePcm({ guildId: guild.id, from: before, frequency: 440 });
      const timing = await fake.control.voiceTiming({ guildId: guild.id, from: before });
      return { view, pcm, timing };
    } finally {
      connection.destroy();
    }
  }

  it('takes the bot through IDENTIFY, IP discovery and SELECT_PROTOCOL, then decrypts and decodes its opus (AES-GCM)', async () => {
    const { view, pcm, timing } = await playOnce('voice');
    expect(view.mode).toBe('aead_aes256_gcm_rtpsize');
    expect(view.daveProtocolVersion).toBe(0);
    expect(view.maxDaveProtocolVersion).toBeGreaterThanOrEqual(1);
    expect(view.decryptFailures).toBe(0);
    // 1 s of audio = 50 frames of 20 ms, plus up to 5 frames of silence at the end.
    expect(pcm.frames).toBeGreaterThanOrEqual(48);
    expect(pcm.frames).toBeLessThanOrEqual(58);
    expect(pcm.zeroCrossingHz).toBeGreaterThan(400);
    expect(pcm.zeroCrossingHz).toBeLessThan(480);
    expect(pcm.power).toBeGreaterThan(0.3);
    expect(timing.packetsPerSecond).toBeGreaterThan(35);
    // On a loaded machine the sender stalls and then catches up in bursts, so only bounds are checked here; the
    // benchmark reports the jitter.
    expect(timing.packetsPerSecond).toBeLessThan(120);
    expect(timing.medianIntervalMs).toBeLessThan(28);
  });

  it('decrypts aead_xchacha20_poly1305_rtpsize when only that mode is offered', async () => {
    await fake.control.setVoiceModes({ modes: ['aead_xchacha20_poly1305_rtpsize'] });
    const { view, pcm } = await playOnce('voice2');
    expect(view.mode).toBe('aead_xchacha20_poly1305_rtpsize');
    expect(view.decryptFailures).toBe(0);
    expect(pcm.frames).toBeGreaterThanOrEqual(48);
    expect(pcm.zeroCrossingHz).toBeGreaterThan(400);
    expect(pcm.zeroCrossingHz).toBeLessThan(480);
  });

  it('refuses an IDENTIFY with a wrong token and answers heartbeats with the seq_ack recorded', async () => {
    const guild = client.guilds.cache.get(fake.ids.guilds.demo!)!;
    const connection = joinVoiceChannel({
      guildId: guild.id,
      channelId: fake.ids.channels.voice!,
      adapterCreator: guild.voiceAdapterCreator,
    });
    try {
      await entersState(connection, VoiceConnectionStatus.Ready, 15_000);
      const session = fake.voice!.sessions.get(guild.id)!;
      const heartbeats = session.heartbeats;
      session.seqAck = null;
      const deadline = Date.now() + 20_000;
      while (session.heartbeats <= heartbeats + 1 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      expect(session.heartbeats).toBeGreaterThan(heartbeats + 1);
      // READY and SESSION_DESCRIPTION carried seq 1 and 2; the client acknowledges the last one it saw.
      expect(session.seqAck).toBe(session.seq);
      const { WebSocket } = await import('ws');
      const socket = new WebSocket(`wss://${fake.voice!.endpoint}?v=8`);
      const code = await new Promise<number>((resolve) => {
        socket.on('open', () =>
          socket.send(
            JSON.stringify({ op: 0, d: { server_id: guild.id, user_id: fake.botId, session_id: 'x', token: 'wrong' } }),
          ),
        );
        socket.on('close', (closeCode) => resolve(closeCode));
      });
      expect(code).toBe(4004);
    } finally {
      connection.destroy();
    }
  }, 40_000);

  it('resumes after the emulator drops the voice WebSocket', async () => {
    const guild = client.guilds.cache.get(fake.ids.guilds.demo!)!;
    const connection = joinVoiceChannel({
      guildId: guild.id,
      channelId: fake.ids.channels.voice!,
      adapterCreator: guild.voiceAdapterCreator,
    });
    try {
      await entersState(connection, VoiceConnectionStatus.Ready, 15_000);
      const resumes = fake.voice!.sessions.get(guild.id)!.resumes;
      expect((await fake.control.dropVoice({ guildId: guild.id })).dropped).toBe(true);
      const deadline = Date.now() + 15_000;
      while (fake.voice!.sessions.get(guild.id)!.resumes === resumes && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      expect(fake.voice!.sessions.get(guild.id)!.resumes).toBe(resumes + 1);
      expect(fake.voice!.sessions.get(guild.id)!.connected).toBe(true);
    } finally {
      connection.destroy();
    }
  });

  it("creates the bot's DAVE session (the emulator itself announces protocol version 0)", () => {
    const session = new DAVESession(1, fake.botId, fake.ids.channels.voice!, {});
    const keyPackages: Buffer[] = [];
    session.on('keyPackage', (keyPackage: Buffer) => keyPackages.push(keyPackage));
    session.reinit();
    expect(session.session).toBeDefined();
    expect(keyPackages[0]?.length).toBeGreaterThan(0);
    // Version 0 (what the emulator announces) is passthrough: opus goes out with transport encryption only.
    const passthrough = new DAVESession(0, fake.botId, fake.ids.channels.voice!, {});
    passthrough.reinit();
    expect(passthrough.session).toBeUndefined();
    session.destroy();
    passthrough.destroy();
  });
});
