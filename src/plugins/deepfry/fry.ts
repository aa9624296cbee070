/**
 * The deepfry pipeline (Tux's recipe) on sharp: downscale to a quarter, sharpen ×100, take the red channel with
 * contrast ×2 and brightness ×1.5, colourise it from #fe0002 to #ffff0f, blend it 75 % over the image, upscale
 * back. Static images give a JPEG of quality 1; animated ones an animated WebP.
 *
 * Where the time goes: decoding, the two resizes and the encoder, all in libvips' thread pool off the event loop.
 * For a 1920×1080 PNG the decode alone (zlib, one thread) is about two thirds of the whole; it is read sequentially.
 * Everything runs on the quarter-size image (1/16 of the pixels): the sharpening is a libvips convolution fused
 * into the downscale, the red-channel colouring one table-driven pass. The ×4 upscale repeats pixels (nearest)
 * straight into the encoder: an interpolating kernel cost five times the encode, and a quality-1 JPEG's 8×8 blocks
 * cannot show what it would add.
 */
import type { Metadata, default as SharpLib } from 'sharp';

/** sharp (libvips, a native library) loads with the first deep-fry, not when the plugin loads. */
let sharp: typeof SharpLib;
async function loadSharp(): Promise<void> {
  if (!sharp) sharp = (await import('sharp')).default;
}

export interface FryLimits {
  /** Largest download, bytes. */
  maxBytes: number;
  /** Largest still image, width × height (checked from the header, before decoding). */
  maxPixels: number;
  /** Most frames of an animated image. */
  maxFrames: number;
  /** Largest animated image, width × height × frames. */
  maxAnimatedPixels: number;
}

export const DEFAULT_LIMITS: FryLimits = {
  maxBytes: 10 * 1024 * 1024,
  maxPixels: 40_000_000,
  maxFrames: 200,
  maxAnimatedPixels: 60_000_000,
};

export class FryError extends Error {
  constructor(
    readonly title: string,
    message: string,
  ) {
    super(message);
  }
}

/** Where the time went (milliseconds), for the benchmark. */
export interface FryTimings {
  /** Header check, decode and the downscale (libvips). */
  decodeMs: number;
  /** The recipe on the quarter-size pixels (JavaScript). */
  pixelsMs: number;
  /** Upscale and encode (libvips). */
  encodeMs: number;
}

export interface FryResult {
  data: Buffer;
  name: 'deepfried.jpg' | 'deepfried.webp';
  width: number;
  height: number;
  frames: number;
}

const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
const mp = (n: number) => `${Math.round(n / 1_000_000)} megapixels`;

/**
 * Pillow's Sharpness(100) is smooth + 100 · (img − smooth) with its 3×3 "smooth" kernel (centre 5, others 1, ÷13):
 * as one kernel, centre (1300 − 495) / 13 and −99 / 13 elsewhere. libvips runs it in the downscale's pipeline.
 */
const SHARPEN = { width: 3, height: 3, scale: 13, kernel: [-99, -99, -99, -99, 805, -99, -99, -99, -99] };

/**
 * The rest of Tux's recipe on sharpened raw RGB pixels (in place), frame by frame: Contrast(2) pulls the red
 * channel away from its rounded mean, Brightness(1.5) scales it, colorize maps 0..255 linearly from #fe0002 to
 * #ffff0f, and blend keeps 25 % of the sharpened image. Red decides the colour, so it is a 256-entry table per
 * frame and one multiply-add per byte.
 */
export function fryPixels(rgb: Buffer, width: number, height: number, frames: number): void {
  const frameBytes = width * height * 3;
  const lutR = new Float64Array(256);
  const lutG = new Float64Array(256);
  const lutB = new Float64Array(256);
  for (let f = 0; f < frames; f++) {
    // A clamped view rounds and clips to 0..255 on every store, as Pillow's enhancers do.
    const px = new Uint8ClampedArray(rgb.buffer, rgb.byteOffset + f * frameBytes, frameBytes);
    let redSum = 0;
    for (let i = 0; i < frameBytes; i += 3) redSum += px[i] as number;
    const mean = Math.floor(redSum / (width * height) + 0.5);
    for (let red = 0; red < 256; red++) {
      const contrast = Math.min(255, Math.max(0, Math.round(mean + 2 * (red - mean))));
      const v = Math.min(255, Math.round(contrast * 1.5));
      lutR[red] = (254 + v / 255) * 0.75;
      lutG[red] = v * 0.75;
      lutB[red] = (2 + (13 * v) / 255) * 0.75;
    }
    for (let i = 0; i < frameBytes; i += 3) {
      const red = px[i] as number;
      px[i] = red * 0.25 + (lutR[red] as number);
      px[i + 1] = (px[i + 1] as number) * 0.25 + (lutG[red] as number);
      px[i + 2] = (px[i + 2] as number) * 0.25 + (lutB[red] as number);
    }
  }
}

async function inspect(input: Buffer, limits: FryLimits): Promise<Metadata> {
  if (input.length > limits.maxBytes) {
    throw new FryError('Image Too Large', `The file is over ${mb(limits.maxBytes)}.`);
  }
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw new FryError('Invalid File', 'The file is not an image I can read (PNG, JPEG, GIF, WebP, AVIF, TIFF).');
  }
  const width = meta.width ?? 0;
  const height = meta.pageHeight ?? meta.height ?? 0;
  const frames = meta.pages ?? 1;
  if (!width || !height || !meta.format) throw new FryError('Invalid File', 'The file is not a valid image.');
  if (width * height > limits.maxPixels) {
    throw new FryError(
      'Image Too Large',
      `The image is ${width}×${height}; at most ${mp(limits.maxPixels)} are deep-fried.`,
    );
  }
  if (frames > limits.maxFrames) {
    throw new FryError(
      'Invalid GIF',
      `The animation has ${frames} frames; at most ${limits.maxFrames} are deep-fried.`,
    );
  }
  if (frames > 1 && width * height * frames > limits.maxAnimatedPixels) {
    throw new FryError(
      'Invalid GIF',
      `The animation is ${width}×${height} × ${frames} frames; at most ${mp(limits.maxAnimatedPixels)} in all.`,
    );
  }
  return meta;
}

/** Deep-fries an image. Throws FryError (with a title and a message for the member) for what it refuses. */
export async function deepfry(
  input: Buffer,
  limits: FryLimits = DEFAULT_LIMITS,
  timings?: FryTimings,
): Promise<FryResult> {
  await loadSharp();
  let mark = performance.now();
  const lap = (key: keyof FryTimings) => {
    const now = performance.now();
    if (timings) timings[key] += now - mark;
    mark = now;
  };
  const meta = await inspect(input, limits);
  const frames = meta.pages ?? 1;
  const animated = frames > 1;
  const width = meta.width as number;
  const height = (animated ? meta.pageHeight : meta.height) ?? (meta.height as number);
  const smallW = Math.max(1, Math.floor(width * 0.25));
  const smallH = Math.max(1, Math.floor(height * 0.25));
  const pixelLimit = animated ? limits.maxAnimatedPixels : limits.maxPixels;
  let small: Buffer;
  try {
    // Read top to bottom: the downscale needs each input line once, so libvips streams the decode through it
    // instead of first decoding the whole image into memory (same pixels, less time and memory).
    small = await sharp(input, { animated, limitInputPixels: pixelLimit, failOn: 'truncated', sequentialRead: true })
      .resize(smallW, smallH, { fit: 'fill', kernel: 'cubic' })
      .flatten({ background: '#000000' })
      .toColourspace('srgb')
      .removeAlpha()
      .convolve(SHARPEN)
      .raw()
      .toBuffer();
  } catch (err) {
    throw new FryError('Invalid File', `The image is damaged or truncated (${(err as Error).message.split('\n')[0]}).`);
  }
  if (small.length !== smallW * smallH * 3 * frames) {
    throw new FryError('Invalid File', 'The image could not be decoded completely.');
  }
  lap('decodeMs');
  fryPixels(small, smallW, smallH, frames);
  lap('pixelsMs');
  const outW = smallW * 4;
  const outH = smallH * 4;
  if (!animated) {
    const data = await sharp(small, { raw: { width: smallW, height: smallH, channels: 3 } })
      .resize(outW, outH, { kernel: 'nearest' })
      .jpeg({ quality: 1, optimiseCoding: false })
      .toBuffer();
    lap('encodeMs');
    return { data, name: 'deepfried.jpg', width: outW, height: outH, frames: 1 };
  }
  // Frames are scaled ×4 by repeating pixels (libvips' resize would treat the strip of frames as one image).
  const delay = (meta.delay ?? []).map((d: number) => (d > 0 ? d : 50));
  const big = upscale4(small, smallW, smallH * frames);
  const data = await sharp(big, { raw: { width: outW, height: outH * frames, channels: 3, pageHeight: outH } })
    .webp({ quality: 1, effort: 0, loop: 0, delay: delay.length === frames ? delay : 50 })
    .toBuffer();
  lap('encodeMs');
  return { data, name: 'deepfried.webp', width: outW, height: outH, frames };
}

/** Nearest-neighbour ×4 of raw RGB pixels. */
function upscale4(src: Buffer, width: number, height: number): Buffer {
  const outW = width * 4;
  const out = Buffer.allocUnsafe(outW * height * 4 * 3);
  const row = Buffer.allocUnsafe(outW * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const s = (y * width + x) * 3;
      for (let k = 0; k < 4; k++) src.copy(row, (x * 4 + k) * 3, s, s + 3);
    }
    for (let k = 0; k < 4; k++) row.copy(out, (y * 4 + k) * outW * 3);
  }
  return out;
}
