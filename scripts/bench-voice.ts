/**
 * Music under load: N guilds (default 5) each play a sine WAV through the appliance for `seconds` (default 60)
 * while the emulator's voice server times every frame. The same appliance idles (connected, no voice) for the same
 * time first, in the same run. The emulator runs in the same process as the appliance (it only decrypts packets).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startHarness } from '#test/e2e/harness.ts';
import type { Fixture } from '#test/fake-discord/fixture.ts';
import { DEMO_FIXTURE_PATH } from '#test/fake-discord/server.ts';
import { sineWav } from '#test/fake-discord/voice/sine-wav.ts';
import { frameTiming } from '#test/fake-discord/voice/voice-ops.ts';

export interface LoadFigures {
  cpuPercent: number;
  rssMb: number;
  lagP99Ms: number;
}

export interface VoiceBench {
  guilds: number;
  seconds: number;
  idle: LoadFigures;
  playing: LoadFigures;
  /** Per guild: frames/s, median interval, jitter (sd of the interval), largest gap, gaps > 60 ms. */
  frames: { packetsPerSecond: number; medianIntervalMs: number; jitterMs: number; maxGapMs: number; gaps: number }[];
}

async function measure(seconds: number): Promise<LoadFigures> {
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const cpu = process.cpuUsage();
  const started = performance.now();
  let rss = 0;
  let samples = 0;
  const until = started + seconds * 1000;
  while (performance.now() < until) {
    await new Promise((r) => setTimeout(r, 500));
    rss += process.memoryUsage().rss;
    samples++;
  }
  const used = process.cpuUsage(cpu);
  lag.disable();
  return {
    cpuPercent: ((used.user + used.system) / 1000 / (performance.now() - started)) * 100,
    rssMb: rss / samples / 1024 / 1024,
    lagP99Ms: lag.percentile(99) / 1e6,
  };
}

function guildsFixture(count: number): Fixture {
  const demo = JSON.parse(fs.readFileSync(DEMO_FIXTURE_PATH, 'utf8')) as Fixture;
  const base = demo.guilds![0]!;
  return { ...demo, guilds: Array.from({ length: count }, (_, i) => ({ ...base, key: `g${i}`, name: `Guild ${i}` })) };
}

export async function benchVoice(opts: { guilds?: number; seconds?: number } = {}): Promise<VoiceBench> {
  const guilds = opts.guilds ?? 5;
  const seconds = opts.seconds ?? 60;
  const wav = sineWav({ seconds: seconds + 20, frequency: 440, sampleRate: 16_000 });
  const files = http.createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': wav.length }).end(wav),
  );
  await new Promise<void>((r) => files.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(files.address() as AddressInfo).port}/sine.wav`;
  const h = await startHarness({ fixture: guildsFixture(guilds), fakeOptions: { voice: true } });
  try {
    const idle = await measure(seconds);
    const user = h.id('users', 'member1');
    const guildIds = Object.values(h.fake.ids.guilds);
    for (const guildId of guildIds) {
      const channels = [...h.fake.world.channels.values()].filter((c) => c.guild_id === guildId);
      const voice = channels.find((c) => c.name === 'Lounge')!;
      const general = channels.find((c) => c.name === 'general')!;
      await h.fake.control.joinVoice({ userId: user, channelId: voice.id });
      await h.fake.control.sendMessage({ channelId: general.id, userId: user, content: `$play ${url}` });
    }
    for (const guildId of guildIds)
      await h.fake.control.waitForVoiceFrames({ guildId, atLeast: 50, timeoutMs: 30_000 });
    const from = new Map(guildIds.map((g) => [g, h.fake.voice!.sessions.get(g)!.framesTotal]));
    const playing = await measure(seconds);
    const frames = guildIds.map((g) => {
      const s = h.fake.voice!.sessions.get(g)!;
      const t = frameTiming(s.frames.slice(from.get(g)! - (s.framesTotal - s.frames.length)));
      return {
        packetsPerSecond: t.packetsPerSecond,
        medianIntervalMs: t.medianIntervalMs,
        jitterMs: t.jitterMs,
        maxGapMs: t.maxGapMs,
        gaps: t.gaps,
      };
    });
    return { guilds, seconds, idle, playing, frames };
  } finally {
    await h.stop();
    await new Promise<void>((r) => files.close(() => r()));
    fs.rmSync(path.join(h.dir), { recursive: true, force: true });
  }
}
