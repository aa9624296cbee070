/**
 * Music under load: N guilds (default 5) each play a sine WAV through the appliance for `seconds` (default 60)
 * while the emulator's voice server times every frame. The same appliance idles (connected, no voice) for the same
 * time first, in the same run. Playing is measured twice: at 100 % volume (ffmpeg encodes Opus, the appliance only
 * demuxes) and at 50 % (ffmpeg sends PCM, the appliance scales and encodes it). CPU is the appliance's own and its
 * ffmpeg children's; RSS is sampled every 0.5 s and its slope reported per hour. The emulator runs in the same
 * process as the appliance (it decrypts every packet, and decodes none).
 */
import { execFileSync } from 'node:child_process';
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
  /** The Node process (appliance + emulator), % of one core. */
  cpuPercent: number;
  /** The ffmpeg child processes together, % of one core. */
  childCpuPercent: number;
  rssMb: number;
  /** Least-squares slope of the RSS samples, MiB per hour. */
  rssSlopeMbPerHour: number;
  rssFirstMb: number;
  rssLastMb: number;
  lagP99Ms: number;
}

export type FrameFigures = {
  packetsPerSecond: number;
  medianIntervalMs: number;
  jitterMs: number;
  maxGapMs: number;
  gaps: number;
}[];

export interface VoiceBench {
  guilds: number;
  seconds: number;
  idle: LoadFigures;
  /** 100 %: Opus from ffmpeg, demuxed only. */
  playing: LoadFigures;
  /** Per guild: frames/s, median interval, jitter (sd of the interval), largest gap, gaps > 60 ms. */
  frames: FrameFigures;
  /** 50 %: PCM from ffmpeg, scaled and encoded in process. */
  scaled: LoadFigures;
  scaledFrames: FrameFigures;
}

const CLOCK_TICKS = 100;

/** CPU ticks (user + system) of each running ffmpeg child of this process. */
function childTicks(): Map<number, number> {
  const ticks = new Map<number, number>();
  let pids: number[] = [];
  try {
    pids = execFileSync('ps', ['-o', 'pid=', '--ppid', String(process.pid)], { encoding: 'utf8' })
      .split('\n')
      .map((l) => Number(l.trim()))
      .filter((n) => n > 0);
  } catch {
    return ticks;
  }
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (!stat.includes('(ffmpeg)')) continue;
      ticks.set(pid, Number(rest[11]) + Number(rest[12]));
    } catch {
      // exited meanwhile
    }
  }
  return ticks;
}

function slopePerHour(samples: { t: number; mb: number }[]): number {
  if (samples.length < 2) return 0;
  const n = samples.length;
  const mt = samples.reduce((a, s) => a + s.t, 0) / n;
  const mm = samples.reduce((a, s) => a + s.mb, 0) / n;
  const num = samples.reduce((a, s) => a + (s.t - mt) * (s.mb - mm), 0);
  const den = samples.reduce((a, s) => a + (s.t - mt) ** 2, 0);
  return den > 0 ? (num / den) * 3_600_000 : 0;
}

async function measure(seconds: number): Promise<LoadFigures> {
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const samples: { t: number; mb: number }[] = [];
  const firstTicks = childTicks();
  const lastTicks = new Map(firstTicks);
  const until = started + seconds * 1000;
  while (performance.now() < until) {
    await new Promise((r) => setTimeout(r, 500));
    samples.push({ t: performance.now() - started, mb: process.memoryUsage().rss / 1024 / 1024 });
    for (const [pid, t] of childTicks()) {
      if (!firstTicks.has(pid)) firstTicks.set(pid, 0);
      lastTicks.set(pid, t);
    }
  }
  const used = process.cpuUsage(cpu);
  const elapsed = performance.now() - started;
  lag.disable();
  let childTicksUsed = 0;
  for (const [pid, t] of lastTicks) childTicksUsed += t - (firstTicks.get(pid) ?? 0);
  return {
    cpuPercent: ((used.user + used.system) / 1000 / elapsed) * 100,
    childCpuPercent: (((childTicksUsed / CLOCK_TICKS) * 1000) / elapsed) * 100,
    rssMb: samples.reduce((a, s) => a + s.mb, 0) / samples.length,
    rssSlopeMbPerHour: slopePerHour(samples),
    rssFirstMb: samples[0]?.mb ?? 0,
    rssLastMb: samples.at(-1)?.mb ?? 0,
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
  const wav = sineWav({ seconds: 2 * seconds + 40, frequency: 440, sampleRate: 16_000 });
  const files = http.createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': wav.length }).end(wav),
  );
  await new Promise<void>((r) => files.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(files.address() as AddressInfo).port}/sine.wav`;
  // The emulator shares this process: it keeps only the last frames (with their audio), and the bench copies each
  // frame's arrival time as it comes, so the RSS figures are the appliance's, not a growing frame store.
  const h = await startHarness({ fixture: guildsFixture(guilds), fakeOptions: { voice: { maxFrames: 1000 } } });
  const arrivals = new Map<string, { at: number; sequence: number; timestamp: number }[]>();
  const copied = new Map<string, number>();
  const collect = () => {
    for (const [guildId, session] of h.fake.voice!.sessions) {
      const list = arrivals.get(guildId) ?? [];
      arrivals.set(guildId, list);
      const done = copied.get(guildId) ?? 0;
      const firstKept = session.framesTotal - session.frames.length;
      for (let n = Math.max(done, firstKept); n < session.framesTotal; n++) {
        const f = session.frames[n - firstKept]!;
        list.push({ at: f.at, sequence: f.sequence, timestamp: f.timestamp });
      }
      copied.set(guildId, session.framesTotal);
    }
  };
  const collector = setInterval(collect, 250);
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
    const timed = async (): Promise<[LoadFigures, FrameFigures]> => {
      collect();
      const from = new Map(guildIds.map((g) => [g, arrivals.get(g)?.length ?? 0]));
      const load = await measure(seconds);
      collect();
      const frames = guildIds.map((g) => {
        const t = frameTiming((arrivals.get(g) ?? []).slice(from.get(g)) as Parameters<typeof frameTiming>[0]);
        return {
          packetsPerSecond: t.packetsPerSecond,
          medianIntervalMs: t.medianIntervalMs,
          jitterMs: t.jitterMs,
          maxGapMs: t.maxGapMs,
          gaps: t.gaps,
        };
      });
      return [load, frames];
    };
    const [playing, frames] = await timed();
    for (const guildId of guildIds) {
      const general = [...h.fake.world.channels.values()].find((c) => c.guild_id === guildId && c.name === 'general')!;
      await h.fake.control.sendMessage({ channelId: general.id, userId: user, content: '$volume 50' });
    }
    for (const guildId of guildIds)
      await h.fake.control.waitForVoiceFrames({
        guildId,
        atLeast: h.fake.voice!.sessions.get(guildId)!.framesTotal + 50,
        timeoutMs: 30_000,
      });
    const [scaled, scaledFrames] = await timed();
    return { guilds, seconds, idle, playing, frames, scaled, scaledFrames };
  } finally {
    clearInterval(collector);
    await h.stop();
    await new Promise<void>((r) => files.close(() => r()));
    fs.rmSync(path.join(h.dir), { recursive: true, force: true });
  }
}
