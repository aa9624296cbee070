/**
 * Deepfry on sharp against Tux's Pillow pipeline (scripts/deepfry_pillow.py, Debian's python3-pil) on the same
 * generated 1920×1080 PNG and JPEG, in the same run: median time and output size of each, their ratio, where
 * Tux's time goes (with libjpeg-turbo, as Tux runs where it is installed, and with sharp alone), and the peak RSS
 * of this process while 10 deepfries run at once.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { deepfry, type FryTimings, probeTurboJpeg } from '#src/plugins/deepfry/fry.ts';

/** One way of running the pipeline on one input: median time, output size, where the time went. */
export interface DeepfryRun {
  ms: number;
  bytes: number;
  stages: FryTimings;
}

export interface DeepfryInputBench {
  input: string;
  inputBytes: number;
  /** What Tux runs: libjpeg-turbo for JPEG in and out where it is installed, sharp for the rest. */
  tux: DeepfryRun;
  /** sharp alone (what runs where libjpeg-turbo is not installed). */
  sharpOnly: DeepfryRun;
  pillowMs: number | null;
  pillowBytes: number | null;
}

export interface DeepfryBench {
  /** Whether libjpeg-turbo was found (else `tux` is sharp alone too), or why not. */
  turbo: string;
  inputs: DeepfryInputBench[];
  pillowNote: string | null;
  concurrent: { jobs: number; baselineRssMb: number; peakRssMb: number; wallMs: number };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/** A photo-like 1920×1080 picture: smooth gradients and waves with some grain. */
async function picture(): Promise<Sharp> {
  const w = 1920;
  const h = 1080;
  const raw = Buffer.alloc(w * h * 3);
  let seed = 7;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const grain = (seed % 17) - 8;
      const i = (y * w + x) * 3;
      raw[i] = Math.max(0, Math.min(255, (x * 255) / w + grain));
      raw[i + 1] = Math.max(0, Math.min(255, (y * 255) / h + grain));
      raw[i + 2] = Math.max(0, Math.min(255, 128 + 100 * Math.sin(x / 40) * Math.cos(y / 30) + grain));
    }
  }
  return sharp(raw, { raw: { width: w, height: h, channels: 3 } });
}

type PillowTimes = Record<string, { times_ms: number[]; bytes: number }>;

function runPillow(runs: number, files: string[]): Promise<PillowTimes | string> {
  const python = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const script = path.join(import.meta.dirname, 'deepfry_pillow.py');
  return new Promise((resolve) => {
    execFile(python, [script, String(runs), ...files], { timeout: 600_000 }, (err, stdout, stderr) => {
      if (err) resolve(`Pillow side skipped: ${(stderr || err.message).trim()}`);
      else resolve(JSON.parse(stdout));
    });
  });
}

/** Times `runs` deep-fries of each input with the given codec, after one warm-up. */
async function timeSharp(data: Buffer, codec: 'auto' | 'sharp', runs: number, into: Sample[]): Promise<number> {
  await deepfry(data, { codec });
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const timings: FryTimings = { decodeMs: 0, pixelsMs: 0, encodeMs: 0 };
    const t = performance.now();
    bytes = (await deepfry(data, { codec, timings })).data.length;
    into.push({ ms: performance.now() - t, stages: timings });
  }
  return bytes;
}

interface Sample {
  ms: number;
  stages: FryTimings;
}

const summary = (samples: Sample[], bytes: number): DeepfryRun => ({
  ms: median(samples.map((s) => s.ms)),
  bytes,
  stages: {
    decodeMs: median(samples.map((s) => s.stages.decodeMs)),
    pixelsMs: median(samples.map((s) => s.stages.pixelsMs)),
    encodeMs: median(samples.map((s) => s.stages.encodeMs)),
  },
});

/**
 * Tux (both ways) and Pillow take turns, `rounds` times, so that a change in the machine's load during the run
 * weighs on each of them alike; each figure is the median of all its runs.
 */
export async function benchDeepfry(opts: { runs?: number; rounds?: number } = {}): Promise<DeepfryBench> {
  const rounds = opts.rounds ?? 5;
  const runs = opts.runs ?? 7;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tux-bench-deepfry-'));
  try {
    const png = await (await picture()).png().toBuffer();
    const jpeg = await (await picture()).jpeg({ quality: 90 }).toBuffer();
    const files = { 'png 1920x1080': png, 'jpeg 1920x1080': jpeg };
    const paths: Record<string, string> = {};
    for (const [name, data] of Object.entries(files)) {
      paths[name] = path.join(dir, name.startsWith('png') ? 'input.png' : 'input.jpg');
      fs.writeFileSync(paths[name] as string, data);
    }
    const turbo = (await probeTurboJpeg()) ?? 'libjpeg-turbo';
    const names = Object.keys(files);
    const tux = Object.fromEntries(names.map((n) => [n, [] as Sample[]]));
    const sharpOnly = Object.fromEntries(names.map((n) => [n, [] as Sample[]]));
    const bytes: Record<string, { tux: number; sharp: number }> = {};
    const pillow = Object.fromEntries(names.map((n) => [n, { times: [] as number[], bytes: 0 }]));
    let pillowNote: string | null = null;
    for (let round = 0; round < rounds; round++) {
      for (const [name, data] of Object.entries(files)) {
        bytes[name] = {
          tux: await timeSharp(data, 'auto', runs, tux[name] as Sample[]),
          sharp: await timeSharp(data, 'sharp', runs, sharpOnly[name] as Sample[]),
        };
      }
      if (pillowNote) continue;
      const p = await runPillow(runs, Object.values(paths));
      if (typeof p === 'string') pillowNote = p;
      else {
        for (const name of Object.keys(files)) {
          const r = p[paths[name] as string];
          const into = pillow[name];
          if (!r || !into) continue;
          into.times.push(...r.times_ms);
          into.bytes = r.bytes;
        }
      }
    }
    const inputs: DeepfryInputBench[] = Object.entries(files).map(([name, data]) => {
      const p = pillow[name]?.times.length ? pillow[name] : undefined;
      return {
        input: name,
        inputBytes: data.length,
        tux: summary(tux[name] ?? [], bytes[name]?.tux ?? 0),
        sharpOnly: summary(sharpOnly[name] ?? [], bytes[name]?.sharp ?? 0),
        pillowMs: p ? median(p.times) : null,
        pillowBytes: p ? p.bytes : null,
      };
    });

    const baseline = process.memoryUsage.rss();
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage.rss());
    }, 2);
    const t = performance.now();
    await Promise.all(Array.from({ length: 10 }, (_, i) => deepfry(i % 2 ? png : jpeg)));
    const wallMs = performance.now() - t;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage.rss());
    const mib = (n: number) => n / 1024 / 1024;
    return {
      turbo,
      inputs,
      pillowNote,
      concurrent: { jobs: 10, baselineRssMb: mib(baseline), peakRssMb: mib(peak), wallMs },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
