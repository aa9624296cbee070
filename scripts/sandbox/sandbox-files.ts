/**
 * Files the person at the sandbox prompt uploads: a path on this machine, or one of the sandbox's demo pictures
 * (`demo.jpg`, `demo.png`, `demo.gif`), made on the spot so that `$deepfry` can be tried without a file at hand.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FileInput } from '#test/fake-discord/control-ops.ts';

/** Discord's upload limit for a member without Nitro. */
const MAX_UPLOAD = 25 * 1024 * 1024;

const TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.txt': 'text/plain',
};

export const DEMO_FILES = ['demo.jpg', 'demo.png', 'demo.gif'];

/** A 640×360 picture: a sunset-like gradient with a wave, as JPEG, PNG or a three-frame animated GIF. */
async function demo(name: string): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  const frame = (shift: number) => {
    const w = 640;
    const h = 360;
    const raw = Buffer.alloc(w * h * 3);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = (y * w + x) * 3;
        const wave = 60 * Math.sin((x + shift) / 40);
        raw[i] = 230 - y / 3;
        raw[i + 1] = Math.max(0, Math.min(255, 120 + wave - y / 4));
        raw[i + 2] = Math.max(0, Math.min(255, 60 + y / 2));
      }
    }
    return sharp(raw, { raw: { width: w, height: h, channels: 3 } });
  };
  if (name === 'demo.png') return frame(0).png().toBuffer();
  if (name === 'demo.gif') {
    const frames = await Promise.all([0, 40, 80].map((s) => frame(s).png().toBuffer()));
    return sharp(frames, { join: { animated: true } })
      .gif({ delay: 200 })
      .toBuffer();
  }
  return frame(0).jpeg({ quality: 85 }).toBuffer();
}

/** The upload for a path or a demo name; throws an Error that says what is wrong (missing, a folder, too big). */
export async function upload(spec: string): Promise<FileInput> {
  const name = spec.toLowerCase();
  if (DEMO_FILES.includes(name)) {
    return {
      filename: name,
      contentType: TYPES[path.extname(name)] as string,
      content: (await demo(name)).toString('base64'),
      base64: true,
    };
  }
  const file = path.resolve(spec.replace(/^~(?=$|\/)/, os.homedir()));
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new Error(`no file "${spec}" (or try ${DEMO_FILES.join(', ')})`);
  }
  if (!stat.isFile()) throw new Error(`"${spec}" is not a file`);
  if (stat.size > MAX_UPLOAD) throw new Error(`"${spec}" is over Discord's 25 MiB upload limit`);
  const ext = path.extname(file).toLowerCase();
  return {
    filename: path.basename(file),
    contentType: TYPES[ext] ?? 'application/octet-stream',
    content: fs.readFileSync(file).toString('base64'),
    base64: true,
  };
}
