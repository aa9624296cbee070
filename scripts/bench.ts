/**
 * `npm run bench`: every benchmark, each beside a baseline measured in the same run, printed as figures and
 * ratios. Pass section names to run only some: `npm run bench -- startup dispatch`.
 * Options: `--messages N` (memory, ingest, automod: chat messages to send, default 20000), `--tux PATH` (memory, ingest,
 * automod: the `tux` entry point to measure, default this checkout's bin/tux.js), `--seconds N` (voice: seconds of
 * playback and of idle, default 60), `--guilds N` (voice: guilds playing at once, default 5).
 */

import { startHarness } from '#test/e2e/harness.ts';
import { benchAudit } from './bench-audit.ts';
import { benchAutomod, formatAutomodBench } from './bench-automod.ts';
import { benchBareFloor, benchCases, DISCORD_GLOBAL_LIMIT } from './bench-cases.ts';
import { benchDeepfry, type DeepfryRun } from './bench-deepfry.ts';
import { benchDispatch } from './bench-dispatch.ts';
import { benchEventlogStore } from './bench-eventlog.ts';
import { benchIngest, formatIngestBench } from './bench-ingest.ts';
import { benchMemory, formatMemoryBench } from './bench-memory.ts';
import { measureRequestsPerAction, prepareModerationGuild } from './bench-mod-requests.ts';
import { benchSsh, formatSshBench } from './bench-ssh.ts';
import { benchStartup } from './bench-startup.ts';
import { benchVoice } from './bench-voice.ts';
import { runWithVoiceTrust } from './sandbox/sandbox-voice.ts';

interface Section {
  name: string;
  run(): Promise<string[]>;
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);
const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
/** `--messages N` and `--tux PATH`, for the benchmarks that run the built appliance on a chat stream. */
const chatOptions = (): { messages?: number; tuxBin?: string } => {
  const messages = option('--messages');
  const tuxBin = option('--tux');
  return { ...(messages ? { messages: Number(messages) } : {}), ...(tuxBin ? { tuxBin } : {}) };
};

const sections: Section[] = [
  {
    name: 'deepfry',
    async run() {
      const r = await benchDeepfry();
      const kb = (n: number) => `${fmt(n / 1024)} KiB`;
      const stages = (s: DeepfryRun['stages']) =>
        `decode+downscale ${fmt(s.decodeMs)}, recipe ${fmt(s.pixelsMs)}, upscale+encode ${fmt(s.encodeMs)} ms`;
      const lines = [`JPEG codec: ${r.turbo}`];
      for (const x of r.inputs) {
        const vs = (ms: number) => (x.pillowMs === null ? '' : `, ${fmt(x.pillowMs / ms)}x faster than Pillow`);
        lines.push(
          `deepfry ${x.input} (${kb(x.inputBytes)}): Pillow ${x.pillowMs === null ? '-' : `${fmt(x.pillowMs)} ms, ${kb(x.pillowBytes ?? 0)}`}`,
          `  Tux          ${fmt(x.tux.ms)} ms, ${kb(x.tux.bytes)}${vs(x.tux.ms)} | ${stages(x.tux.stages)}`,
          `  sharp alone  ${fmt(x.sharpOnly.ms)} ms, ${kb(x.sharpOnly.bytes)}${vs(x.sharpOnly.ms)} | ${stages(x.sharpOnly.stages)}`,
        );
      }
      if (r.pillowNote) lines.push(r.pillowNote);
      const c = r.concurrent;
      lines.push(
        `${c.jobs} concurrent deepfries: peak RSS ${fmt(c.peakRssMb)} MiB (before: ${fmt(c.baselineRssMb)} MiB, +${fmt(c.peakRssMb - c.baselineRssMb)} MiB), ${fmt(c.wallMs, 0)} ms wall`,
      );
      return lines;
    },
  },
  {
    name: 'audit',
    async run() {
      const r = await benchAudit();
      return [
        `audit record(): ${fmt(r.recordUs, 0)} µs per row over ${r.rows} rows (bare insert: ${fmt(r.bareInsertUs, 0)} µs, ratio ${fmt(r.recordUs / r.bareInsertUs)}x)`,
      ];
    },
  },
  {
    name: 'startup',
    async run() {
      const f = await benchStartup();
      return [
        `cold start to "ready": ${fmt(f.readyMs, 0)} ms (bare node: ${fmt(f.baselineReadyMs, 0)} ms, ratio ${fmt(f.readyMs / f.baselineReadyMs)}x)`,
        `idle RSS: ${fmt(f.idleRssMb)} MiB (bare node: ${fmt(f.baselineRssMb)} MiB, ratio ${fmt(f.idleRssMb / f.baselineRssMb)}x)`,
      ];
    },
  },
  {
    name: 'dispatch',
    async run() {
      const r = await benchDispatch({ iterations: 10_000 });
      const row = (label: string, x: typeof r.bare) =>
        `${label}: p50 ${fmt(x.p50, 2)} ms, p99 ${fmt(x.p99, 2)} ms over ${x.iterations} slash /ping`;
      return [
        row('tux framework', r.framework),
        row('bare discord.js', r.bare),
        `ratio: p50 ${fmt(r.ratioP50, 2)}x, p99 ${fmt(r.ratioP99, 2)}x`,
      ];
    },
  },
  {
    name: 'ssh',
    async run() {
      return formatSshBench(await benchSsh());
    },
  },
  {
    name: 'memory',
    async run() {
      return formatMemoryBench(await benchMemory(chatOptions()));
    },
  },
  {
    name: 'ingest',
    async run() {
      return formatIngestBench(await benchIngest(chatOptions()));
    },
  },
  {
    name: 'automod',
    async run() {
      return formatAutomodBench(await benchAutomod(chatOptions()));
    },
  },
  {
    name: 'eventlog',
    run: () => benchEventlogStore(),
  },
  {
    name: 'cases',
    async run() {
      const real = await benchCases({ via: 'emulator' });
      const memory = await benchCases({ via: 'memory' });
      const bare = await benchBareFloor(real.actions);
      const row = (label: string, x: typeof real) =>
        `${label}: ${x.actions} concurrent warns in ${fmt(x.totalMs, 0)} ms (${fmt(x.perActionMs, 2)} ms each), numbering 1..${x.actions} ${x.numberingOk ? 'ok' : 'BROKEN'}`;
      const floorMs = (real.limitedRequests / DISCORD_GLOBAL_LIMIT) * 1000;
      return [
        `(the emulator enforces Discord's global limit of ${DISCORD_GLOBAL_LIMIT} requests/s; interaction callbacks are exempt)`,
        row('through discord.js + emulator', real),
        `  REST: ${real.requests} requests, ${fmt(real.requests / real.actions, 2)} per action (${real.limitedRequests} under the global limit, ${fmt(real.limitedRequests / real.actions, 2)} per action); ${real.modLogMessages} mod-log messages`,
        ...(real.unanswered ? [`  ${real.unanswered} commands got no answer in time`] : []),
        `  floor for those ${real.limitedRequests} requests at ${DISCORD_GLOBAL_LIMIT}/s: ${fmt(floorMs, 0)} ms`,
        `bare discord.js, reply + mod-log post per action (${bare.requests} requests): ${fmt(bare.totalMs, 0)} ms`,
        row('in-memory guild', memory),
        `ratio: ${fmt(real.totalMs / bare.totalMs, 2)}x the bare client, ${fmt(real.totalMs / memory.totalMs)}x in-memory`,
      ];
    },
  },
  {
    name: 'requests',
    async run() {
      const h = await startHarness();
      try {
        await prepareModerationGuild(h);
        return (await measureRequestsPerAction(h)).map(
          (r) => `${r.action}: ${r.requests} REST requests (${r.limited} under the global limit)`,
        );
      } finally {
        await h.stop();
      }
    },
  },
  {
    name: 'voice',
    async run() {
      const seconds = Number(option('--seconds') ?? 60);
      const r = await benchVoice({ seconds, guilds: Number(option('--guilds') ?? 5) });
      const ratio = (a: number, b: number) => (b > 0 ? `${fmt(a / b)}x` : 'n/a');
      const load = (name: string, l: typeof r.idle) => [
        `${name}: CPU ${fmt(l.cpuPercent)} % + ffmpeg ${fmt(l.childCpuPercent)} % (vs idle ${ratio(l.cpuPercent, r.idle.cpuPercent)}), RSS ${fmt(l.rssMb)} MiB (${fmt(l.rssFirstMb)} → ${fmt(l.rssLastMb)}, slope ${fmt(l.rssSlopeMbPerHour)} MiB/h), event-loop lag p99 ${fmt(l.lagP99Ms)} ms (vs idle ${ratio(l.lagP99Ms, r.idle.lagP99Ms)})`,
      ];
      const frames = (name: string, list: typeof r.frames) => {
        const worst = (key: 'jitterMs' | 'maxGapMs') => Math.max(...list.map((f) => f[key]));
        return [
          ...list.map(
            (f, i) =>
              `${name} guild ${i}: ${fmt(f.packetsPerSecond)} frames/s, median interval ${fmt(f.medianIntervalMs)} ms, jitter ${fmt(f.jitterMs)} ms, largest gap ${fmt(f.maxGapMs, 0)} ms, ${f.gaps} gaps > 60 ms`,
          ),
          `${name}: worst jitter ${fmt(worst('jitterMs'))} ms, worst gap ${fmt(worst('maxGapMs'), 0)} ms (ideal: 0 ms jitter, 20 ms interval)`,
        ];
      };
      return [
        `${r.guilds} guilds playing for ${r.seconds} s at 100 % and ${r.seconds} s at 50 % vs the same appliance idle for ${r.seconds} s (emulator in the same process)`,
        ...load('idle', r.idle),
        ...load('100 % (Opus from ffmpeg)', r.playing),
        ...load('50 % (PCM encoded in process)', r.scaled),
        ...frames('100 %', r.frames),
        ...frames('50 %', r.scaledFrames),
      ];
    },
  },
];

const wanted = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
if (wanted.length === 0 || wanted.includes('voice')) await runWithVoiceTrust();
for (const section of sections) {
  if (wanted.length > 0 && !wanted.includes(section.name)) continue;
  process.stdout.write(`== ${section.name}\n`);
  try {
    for (const line of await section.run()) process.stdout.write(`   ${line}\n`);
  } catch (err) {
    process.stdout.write(`   failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
