/**
 * deepfry end to end: real discord.js and the emulator; the attachment is downloaded from the emulator's URL and the
 * result uploaded back. Static → quality-1 JPEG of the same size; animated → animated WebP; bad files refused.
 */
import zlib from 'node:zlib';
import type { APIMessage } from 'discord-api-types/v10';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, textOf } from './harness.ts';

/** The quantisation values of a JPEG's first table. */
function firstQuantTable(jpeg: Buffer): number[] {
  const at = jpeg.indexOf(Buffer.from([0xff, 0xdb]));
  return [...jpeg.subarray(at + 5, at + 5 + 64)];
}

/** A photo-like picture: a colour with gaussian noise. */
const noisy = (width: number, height: number, background: string) =>
  sharp({ create: { width, height, channels: 3, background, noise: { type: 'gaussian', mean: 120, sigma: 30 } } });

/** A PNG header claiming width × height, with a tiny body: a decompression bomb's first bytes. */
function bombPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const idat = zlib.deflateSync(Buffer.alloc(1 + width * 3 * 4)); // a few rows of zeros
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('deepfry', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  const fry = async (
    filename: string,
    contentType: string,
    data: Buffer,
    content = '$deepfry',
  ): Promise<APIMessage> => {
    const sent = await h.fake.control.sendMessage({
      channelId: h.id('channels', 'general'),
      userId: h.id('users', 'member1'),
      content,
      files: [{ filename, contentType, content: data.toString('base64'), base64: true }],
    });
    return h.fake.control.waitForMessage({
      channelId: sent.channel_id,
      after: sent.id,
      authorId: h.fake.botId,
      timeoutMs: 30_000,
    });
  };
  const download = async (m: APIMessage) => Buffer.from(await (await fetch(m.attachments[0]?.url ?? '')).arrayBuffer());

  it('turns an attached PNG into a quality-1 JPEG of the same size', async () => {
    const reply = await fry('photo.png', 'image/png', await noisy(200, 120, '#2266cc').png().toBuffer());
    expect(reply.attachments.map((a) => a.filename)).toEqual(['deepfried.jpg']);
    const out = await download(reply);
    const meta = await sharp(out).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 200, 120]);
    expect(new Set(firstQuantTable(out))).toEqual(new Set([255])); // quality 1: every step at its maximum
  });

  it('turns a JPEG photo into a quality-1 JPEG, its size rounded down to a multiple of 4', async () => {
    const reply = await fry(
      'photo.jpg',
      'image/jpeg',
      await noisy(203, 121, '#3366aa').jpeg({ quality: 85 }).toBuffer(),
    );
    expect(reply.attachments.map((a) => a.filename)).toEqual(['deepfried.jpg']);
    const out = await download(reply);
    const meta = await sharp(out).metadata();
    expect([meta.format, meta.width, meta.height, meta.chromaSubsampling]).toEqual(['jpeg', 200, 120, '4:2:0']);
    expect(new Set(firstQuantTable(out))).toEqual(new Set([255]));
  });

  it('turns an animated GIF into an animated WebP with every frame, by its alias', async () => {
    const frames = await Promise.all(
      [0, 1, 2].map((i) =>
        sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 60 * i, g: 30, b: 200 } } })
          .png()
          .toBuffer(),
      ),
    );
    const gif = await sharp(frames, { join: { animated: true } })
      .gif({ delay: [80, 120, 160] })
      .toBuffer();
    const reply = await fry('dance.gif', 'image/gif', gif, '$df');
    expect(reply.attachments.map((a) => a.filename)).toEqual(['deepfried.webp']);
    const meta = await sharp(await download(reply), { animated: true }).metadata();
    expect([meta.format, meta.width, meta.pageHeight, meta.pages, meta.delay]).toEqual([
      'webp',
      64,
      48,
      3,
      [80, 120, 160],
    ]);
  });

  it('refuses bad files with a clear reply and keeps its memory', async () => {
    const rssBefore = process.memoryUsage.rss();
    expect(textOf(await fry('notes.txt', 'text/plain', Buffer.from('just text')))).toContain(
      'The file is not an image.',
    );
    expect(textOf(await fry('fake.png', 'image/png', Buffer.from('not really a png')))).toContain(
      'The file is not an image I can read',
    );
    const png = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#ff0000' } })
      .png({ compressionLevel: 0 })
      .toBuffer();
    expect(textOf(await fry('cut.png', 'image/png', png.subarray(0, png.length >> 1)))).toContain(
      'The image is damaged or truncated',
    );
    const jpeg = await noisy(300, 300, '#204080').jpeg({ quality: 90 }).toBuffer();
    expect(textOf(await fry('cut.jpg', 'image/jpeg', jpeg.subarray(0, jpeg.length >> 1)))).toContain(
      'The image is damaged or truncated',
    );
    expect(textOf(await fry('bomb.png', 'image/png', bombPng(20000, 20000)))).toContain(
      'The image is 20000×20000; at most 40 megapixels are deep-fried.',
    );
    const tiny = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#00ff00' } })
      .png()
      .toBuffer();
    const other = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#0000ff' } })
      .png()
      .toBuffer();
    // Alternating frames: the GIF encoder would merge identical ones.
    const many = await sharp(
      Array.from({ length: 1500 }, (_, i) => (i % 2 ? tiny : other)),
      { join: { animated: true } },
    )
      .gif()
      .toBuffer();
    expect(textOf(await fry('many.gif', 'image/gif', many))).toContain(
      'The animation has 1500 frames; at most 200 are deep-fried.',
    );
    expect(process.memoryUsage.rss() - rssBefore).toBeLessThan(200 * 1024 * 1024);
    // Still working afterwards.
    const ok = await fry('ok.png', 'image/png', tiny);
    expect(ok.attachments.map((a) => a.filename)).toEqual(['deepfried.jpg']);
  });

  it('takes the image by slash: an attachment option in, a quality-1 JPEG out', async () => {
    const png = await noisy(160, 120, '#cc6622').png().toBuffer();
    const channelId = h.id('channels', 'general');
    const userId = h.id('users', 'member1');
    const started = await h.fake.control.runSlashCommand({
      userId,
      channelId,
      name: 'deepfry',
      options: {
        image: { filename: 'photo.png', contentType: 'image/png', content: png.toString('base64'), base64: true },
      },
    });
    const view = await h.fake.control.waitForInteractionResponse({
      interactionId: started.interactionId,
      timeoutMs: 30_000,
    });
    expect(view.original?.attachments.map((a) => a.filename)).toEqual(['deepfried.jpg']);
    const out = await download(view.original!);
    const meta = await sharp(out).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 160, 120]);
    expect(new Set(firstQuantTable(out))).toEqual(new Set([255]));

    // The attachment option is declared in the synced command, and the emulator refuses a plain value for it.
    await expect(
      h.fake.control.runSlashCommand({ userId, channelId, name: 'deepfry', options: { image: 'photo.png' } }),
    ).rejects.toThrow(/is an attachment/);
    const bare = await h.fake.control.runSlashCommand({ userId, channelId, name: 'deepfry' });
    const asked = await h.fake.control.waitForInteractionResponse({
      interactionId: bare.interactionId,
      timeoutMs: 30_000,
    });
    expect(textOf(asked.original)).toContain('Upload an image in the `image` option of `/deepfry`.');
  });

  it('asks for an image when none is attached', async () => {
    expect(textOf(await h.say('member1', 'general', '$deepfry'))).toContain('Attach an image to `$deepfry`');
  });
});
