/**
 * Deepfry on sharp against Tux's Pillow pipeline (scripts/deepfry_pillow.py, Debian's python3-pil) on the same
 * generated 1920×1080 PNG and JPEG, in the same run: median time and output size of each, their ratio, where
 * sharp's time goes, and the peak RSS of this process while 10 deepfries run at once.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { deepfry, type FryTimings } from '#src/plugins/deepfry/fry.ts';

export interface DeepfryInputBench {
  input: string;
  inputBytes: number;
  sharpMs: number;
  sharpBytes: number;
  stages: FryTimings;
  pillowMs: number | null;
  pillowBytes: number | null;
}

export interface DeepfryBench {
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

function runPillow(
  runs: number,
  files: string[],
): Promise<Record<string, { median_ms: number; bytes: number }> | string> {
  const python = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const script = path.join(import.meta.dirname, 'deepfry_pillow.py');
  return new Promise((resolve) => {
    execFile(python, [script, String(runs), ...files], { timeout: 600_000 }, (err, stdout, stderr) => {
      if (err) resolve(`Pillow side skipped: ${(stderr || err.message).trim()}`);
      else resolve(JSON.parse(stdout));
    });
  });
}

export async function benchDeepfry(opts: { runs?: number } = {}): Promise<DeepfryBench> {
  const runs = opts.runs ?? 15;
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
    const inputs: DeepfryInputBench[] = [];
    for (const [name, data] of Object.entries(files)) {
      await deepfry(data);
      const times: number[] = [];
      const stages: FryTimings[] = [];
      let bytes = 0;
      for (let i = 0; i < runs; i++) {
        const timings: FryTimings = { decodeMs: 0, pixelsMs: 0, encodeMs: 0 };
        const t = performance.now();
        bytes = (await deepfry(data, undefined, timings)).data.length;
        times.push(performance.now() - t);
        stages.push(timings);
      }
      inputs.push({
        input: name,
        inputBytes: data.length,
        sharpMs: median(times),
        sharpBytes: bytes,
        stages: {
          decodeMs: median(stages.map((s) => s.decodeMs)),
          pixelsMs: median(stages.map((s) => s.pixelsMs)),
          encodeMs: median(stages.map((s) => s.encodeMs)),
        },
        pillowMs: null,
        pillowBytes: null,
      });
    }
    const pillow = await runPillow(runs, Object.values(paths));
    let pillowNote: string | null = null;
    if (typeof pillow === 'string') pillowNote = pillow;
    else {
      for (const r of inputs) {
        const p = pillow[paths[r.input] as string];
        r.pillowMs = p?.median_ms ?? null;
        r.pillowBytes = p?.bytes ?? null;
      }
    }

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
      inputs,
      pillowNote,
      concurrent: { jobs: 10, baselineRssMb: mib(baseline), peakRssMb: mib(peak), wallMs },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
