/**
 * The deepfry pipeline's parts: the recipe against Tux's Pillow code byte for byte (fixtures made by
 * `scripts/deepfry_pillow.py recipe`), the ×4 YCbCr planes, libjpeg-turbo through koffi (Debian's libturbojpeg0,
 * installed by `.ci/run`), and the whole pipeline with and without it.
 */
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, deepfry, FryError, fryPixels, probeTurboJpeg, upscale4Yuv420 } from './fry.ts';
import fixtures from './pillow-recipe.fixture.json' with { type: 'json' };
import { type TurboJpeg, turboJpegLoader } from './turbojpeg.ts';

const bytes = (b64: string) => Buffer.from(b64, 'base64');

/** The quantisation values of a JPEG's first table. */
function firstQuantTable(jpeg: Buffer): number[] {
  const at = jpeg.indexOf(Buffer.from([0xff, 0xdb]));
  return [...jpeg.subarray(at + 5, at + 5 + 64)];
}

/** A photo-like test picture: gradients with some noise. */
function picture(width: number, height: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      raw[i] = (x * 255) / width;
      raw[i + 1] = (y * 255) / height;
      raw[i + 2] = 128 + 100 * Math.sin(x / 9) * Math.cos(y / 7);
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

describe('the recipe (fryPixels)', () => {
  it("gives the bytes Tux's Pillow code gives, at every size", () => {
    for (const f of fixtures) {
      const out = fryPixels(bytes(f.input), f.width, f.height, f.width, f.height, 1);
      expect(out.equals(bytes(f.output)), `${f.width}×${f.height}`).toBe(true);
    }
  });

  it('crops a wider and taller source at the right and bottom', () => {
    const f = fixtures[0] as (typeof fixtures)[number];
    const input = bytes(f.input);
    const wide = Buffer.alloc((f.width + 1) * (f.height + 1) * 3, 0xff);
    for (let y = 0; y < f.height; y++) input.copy(wide, y * (f.width + 1) * 3, y * f.width * 3, (y + 1) * f.width * 3);
    const out = fryPixels(wide, f.width + 1, f.height + 1, f.width, f.height, 1);
    expect(out.equals(bytes(f.output))).toBe(true);
  });

  it('fries each frame of an animation on its own', () => {
    const [a, b] = fixtures.filter((f) => f.width === 37) as [(typeof fixtures)[number], (typeof fixtures)[number]];
    const both = Buffer.concat([bytes(a.input), bytes(b.input)]);
    const out = fryPixels(both, 37, 23, 37, 23, 2);
    expect(out.equals(Buffer.concat([bytes(a.output), bytes(b.output)]))).toBe(true);
  });
});

describe('the ×4 YCbCr planes (upscale4Yuv420)', () => {
  it("repeats each pixel's libjpeg colour as a 4×4 luma block and 2×2 chroma blocks", () => {
    // white, red; green, black
    const src = Buffer.from([255, 255, 255, 255, 0, 0, 0, 255, 0, 0, 0, 0]);
    const { y, cb, cr } = upscale4Yuv420(src, 2, 2);
    expect([y.length, cb.length, cr.length]).toEqual([64, 16, 16]);
    const lumaAt = (x: number, row: number) => y[row * 8 + x];
    const chromaAt = (plane: Buffer, x: number, row: number) => plane[row * 4 + x];
    expect([lumaAt(0, 0), lumaAt(3, 3), lumaAt(4, 0), lumaAt(7, 3), lumaAt(0, 4), lumaAt(7, 7)]).toEqual([
      255, 255, 76, 76, 150, 0,
    ]);
    expect([chromaAt(cb, 0, 0), chromaAt(cb, 2, 1), chromaAt(cr, 3, 0), chromaAt(cb, 0, 3)]).toEqual([
      128, 85, 255, 44,
    ]);
    expect(chromaAt(cr, 1, 3)).toBe(21);
  });
});

describe('libjpeg-turbo', () => {
  let turbo: TurboJpeg;
  beforeAll(async () => {
    const loaded = await turboJpegLoader()();
    if (!loaded.turbo) throw new Error(`these tests need libjpeg-turbo: ${loaded.reason}`);
    turbo = loaded.turbo;
  });

  it('reads a JPEG header, and not anything else', async () => {
    expect(turbo.header(await picture(203, 121))).toEqual({ width: 203, height: 121 });
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    expect(turbo.header(png)).toBeNull();
    expect(turbo.header(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBeNull();
  });

  it('decodes at a quarter through the DCT, the size rounded up, close to a full decode scaled down', async () => {
    const odd = await turbo.decodeScaled(await picture(203, 121), 2);
    expect([odd.width, odd.height, odd.rgb.length]).toEqual([51, 31, 51 * 31 * 3]);
    const jpeg = await picture(200, 120);
    const quarter = await turbo.decodeScaled(jpeg, 2);
    const reference = await sharp(jpeg).resize(50, 30, { fit: 'fill', kernel: 'cubic' }).raw().toBuffer();
    expect(quarter.rgb.length).toBe(reference.length);
    let diff = 0;
    for (let i = 0; i < reference.length; i++) diff += Math.abs((reference[i] as number) - (quarter.rgb[i] as number));
    expect(diff / reference.length).toBeLessThan(4);
  });

  it('refuses a truncated JPEG instead of returning half a picture', async () => {
    const jpeg = await picture(400, 300);
    await expect(turbo.decodeScaled(jpeg.subarray(0, jpeg.length >> 1), 2)).rejects.toThrow(/JPEG decode/);
  });

  it('encodes the planes as a quality-1 4:2:0 JPEG that decodes to the picture', async () => {
    const src = Buffer.alloc(20 * 10 * 3);
    for (let i = 0; i < src.length; i += 3) src.set(i < src.length / 2 ? [250, 20, 10] : [10, 20, 250], i);
    const jpeg = await turbo.encodeYuv420(upscale4Yuv420(src, 20, 10), 80, 40, 1);
    expect(new Set(firstQuantTable(jpeg))).toEqual(new Set([255]));
    const meta = await sharp(jpeg).metadata();
    expect([meta.format, meta.width, meta.height, meta.chromaSubsampling]).toEqual(['jpeg', 80, 40, '4:2:0']);
    const { data } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
    const top = [...data.subarray(80 * 5 * 3, 80 * 5 * 3 + 3)];
    const bottom = [...data.subarray(80 * 35 * 3, 80 * 35 * 3 + 3)];
    expect(top[0]).toBeGreaterThan(200);
    expect(bottom[2]).toBeGreaterThan(200);
  });
});

describe('deepfry', () => {
  it('uses libjpeg-turbo where it is installed', async () => {
    expect(await probeTurboJpeg()).toBeNull();
  });

  for (const codec of ['auto', 'sharp'] as const) {
    it(`fries a JPEG whose size is not a multiple of 4 (${codec === 'auto' ? 'libjpeg-turbo' : 'sharp alone'})`, async () => {
      const out = await deepfry(await picture(203, 121), { codec });
      expect(out.name).toBe('deepfried.jpg');
      const meta = await sharp(out.data).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 200, 120]);
      expect([out.width, out.height]).toEqual([200, 120]);
      expect(new Set(firstQuantTable(out.data))).toEqual(new Set([255]));
    });

    it(`explains a truncated JPEG (${codec})`, async () => {
      const jpeg = await picture(400, 300);
      const err = await deepfry(jpeg.subarray(0, jpeg.length >> 1), { codec }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FryError);
      expect((err as FryError).message).toMatch(/^The image is damaged or truncated/);
    });
  }

  it('fries greyscale, transparent and palette images, and a greyscale JPEG', async () => {
    const base = () => sharp(Buffer.alloc(64 * 48 * 3, 90), { raw: { width: 64, height: 48, channels: 3 } });
    const inputs = {
      grey: await base().greyscale().png().toBuffer(),
      transparent: await sharp({ create: { width: 64, height: 48, channels: 4, background: '#ff000080' } })
        .png()
        .toBuffer(),
      palette: await base().png({ palette: true, colours: 4 }).toBuffer(),
      greyJpeg: await base().greyscale().jpeg().toBuffer(),
    };
    expect((await sharp(inputs.palette).metadata()).isPalette).toBe(true);
    for (const [name, data] of Object.entries(inputs)) {
      const out = await deepfry(data);
      const meta = await sharp(out.data).metadata();
      expect([name, meta.format, meta.width, meta.height, meta.channels]).toEqual([name, 'jpeg', 64, 48, 3]);
    }
  });

  it('refuses a JPEG over the pixel limit from its header', async () => {
    const limits = { ...DEFAULT_LIMITS, maxPixels: 2_000_000 };
    const err = await deepfry(await picture(2000, 1200), { limits }).catch((e: unknown) => e);
    expect((err as FryError).message).toBe('The image is 2000×1200; at most 2 megapixels are deep-fried.');
  });
});
