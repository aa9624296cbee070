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
import { type TurboJpeg, turboJpegLoader, type Yuv420 } from './turbojpeg.ts';

type Sharp = typeof SharpLib;

/** sharp (libvips) and libjpeg-turbo, native libraries, load with the first deep-fry, not when the plugin loads. */
let sharpLib: Sharp | undefined;
async function loadSharp(): Promise<Sharp> {
  sharpLib ??= (await import('sharp')).default;
  return sharpLib;
}
const loadTurboJpeg = turboJpegLoader();

/** Null when deep-fries use libjpeg-turbo for JPEG; else why not (for `tux doctor` and the benchmark). */
export async function probeTurboJpeg(): Promise<string | null> {
  return (await loadTurboJpeg()).reason;
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
 * Tux's recipe on the quarter-size pixels, with Pillow's integer arithmetic, so the same quarter-size image fries to
 * the same bytes as Tux's Pillow code: Sharpness(100) blends the image 100× away from Pillow's 3×3 "smooth" filter
 * (centre 5, others 1, ÷13, rounded; the outermost pixels are kept); Contrast(2) pulls the red channel away from its
 * rounded mean, Brightness(1.5) scales it (truncated), colorize maps 0..255 from #fe0002 to #ffff0f (floor
 * division) and blend keeps 25 % of the sharpened image (truncated). Red decides the colour, so that is a 256-entry
 * table per frame.
 *
 * `src` is packed RGB, `srcWidth` pixels per line; the result is `width` × `height` per frame (at most the source's:
 * a wider or taller source is cropped at the right and bottom).
 */
export function fryPixels(
  src: Uint8Array,
  srcWidth: number,
  srcHeight: number,
  width: number,
  height: number,
  frames: number,
): Buffer {
  const out = Buffer.allocUnsafe(width * height * 3 * frames);
  // Stores through a clamped view clip to 0..255, as Pillow's blend does.
  const clamped = new Uint8ClampedArray(out.buffer, out.byteOffset, out.length);
  const up = srcWidth * 3;
  const stride = width * 3;
  const lut = new Uint8Array(768);
  for (let f = 0; f < frames; f++) {
    const srcFrame = f * srcHeight * up;
    const frame = f * height * stride;
    for (let y = 0; y < height; y++) {
      const from = srcFrame + y * up;
      const to = frame + y * stride;
      out.set(src.subarray(from, from + stride), to);
      if (y === 0 || y === height - 1) continue;
      const above = from - up;
      const below = from + up;
      for (let c = 0; c < 3; c++) {
        // Column sums of the 3×3 window, rolled along the line: one new column per pixel.
        let left = (src[above + c] as number) + (src[from + c] as number) + (src[below + c] as number);
        let middle = (src[above + 3 + c] as number) + (src[from + 3 + c] as number) + (src[below + 3 + c] as number);
        for (let i = 3 + c; i < stride - 3; i += 3) {
          const right = (src[above + i + 3] as number) + (src[from + i + 3] as number) + (src[below + i + 3] as number);
          const centre = src[from + i] as number;
          // round((sum + 4 · centre) / 13), as floor((2n + 13) / 26) by a multiply and shift (exact to n = 6643)
          const smooth = ((2 * (left + middle + right + 4 * centre) + 13) * 40330) >>> 20;
          clamped[to + i] = smooth + 100 * (centre - smooth);
          left = middle;
          middle = right;
        }
      }
    }
    const end = frame + height * stride;
    let redSum = 0;
    for (let i = frame; i < end; i += 3) redSum += out[i] as number;
    const mean = Math.floor(redSum / (width * height) + 0.5);
    for (let red = 0; red < 256; red++) {
      const contrast = Math.min(255, Math.max(0, mean + 2 * (red - mean)));
      const v = Math.min(255, Math.floor(contrast * 1.5));
      lut[red] = v === 255 ? 255 : 254;
      lut[256 + red] = v;
      lut[512 + red] = 2 + Math.floor((v * 13) / 255);
    }
    for (let i = frame; i < end; i += 3) {
      const red = out[i] as number;
      out[i] = (red + 3 * (lut[red] as number)) >> 2;
      out[i + 1] = ((out[i + 1] as number) + 3 * (lut[256 + red] as number)) >> 2;
      out[i + 2] = ((out[i + 2] as number) + 3 * (lut[512 + red] as number)) >> 2;
    }
  }
  return out;
}

function checkSize(input: Buffer, limits: FryLimits): void {
  if (input.length > limits.maxBytes) {
    throw new FryError('Image Too Large', `The file is over ${mb(limits.maxBytes)}.`);
  }
}

/** Refuses an image over the limits, from the sizes in its header (nothing is decoded yet). */
function checkLimits(width: number, height: number, frames: number, limits: FryLimits): void {
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
}

async function inspect(sharp: Sharp, input: Buffer, limits: FryLimits): Promise<Metadata> {
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw new FryError('Invalid File', 'The file is not an image I can read (PNG, JPEG, GIF, WebP, AVIF, TIFF).');
  }
  const width = meta.width ?? 0;
  const height = meta.pageHeight ?? meta.height ?? 0;
  if (!width || !height || !meta.format) throw new FryError('Invalid File', 'The file is not a valid image.');
  checkLimits(width, height, meta.pages ?? 1, limits);
  return meta;
}

/** Quarter-size packed RGB frames, before the recipe; `width` and `height` may exceed Tux's quarter by a pixel. */
interface Decoded {
  rgb: Uint8Array;
  width: number;
  height: number;
  /** Full size of a frame. */
  fullWidth: number;
  fullHeight: number;
  frames: number;
  /** Per-frame delays (ms) of an animation. */
  delay: number[];
}

const isJpeg = (input: Buffer) => input.length > 3 && input[0] === 0xff && input[1] === 0xd8 && input[2] === 0xff;

/** A still JPEG through libjpeg-turbo, decoded at a quarter; null to leave it to sharp (which explains failures). */
async function decodeWithTurbo(turbo: TurboJpeg, input: Buffer, limits: FryLimits): Promise<Decoded | null> {
  const header = turbo.header(input);
  if (!header) return null;
  checkLimits(header.width, header.height, 1, limits);
  try {
    const quarter = await turbo.decodeScaled(input, 2);
    return { ...quarter, fullWidth: header.width, fullHeight: header.height, frames: 1, delay: [] };
  } catch {
    return null;
  }
}

async function decodeWithSharp(sharp: Sharp, input: Buffer, limits: FryLimits): Promise<Decoded> {
  const meta = await inspect(sharp, input, limits);
  const frames = meta.pages ?? 1;
  const animated = frames > 1;
  const fullWidth = meta.width as number;
  const fullHeight = (animated ? meta.pageHeight : meta.height) ?? (meta.height as number);
  const width = quarter(fullWidth);
  const height = quarter(fullHeight);
  let rgb: Buffer;
  try {
    // Read top to bottom: the downscale needs each input line once, so libvips streams the decode through it
    // instead of first decoding the whole image into memory (same pixels, less time and memory).
    const pipeline = sharp(input, {
      animated,
      limitInputPixels: animated ? limits.maxAnimatedPixels : limits.maxPixels,
      failOn: 'truncated',
      sequentialRead: true,
    }).resize(width, height, { fit: 'fill', kernel: 'cubic' });
    // Plain RGB needs no conversion (each step would still cost a pass); anything else becomes RGB on black.
    const plainRgb = meta.channels === 3 && !meta.hasAlpha && meta.space === 'srgb' && !meta.isPalette;
    if (!plainRgb) pipeline.flatten({ background: '#000000' }).toColourspace('srgb').removeAlpha();
    rgb = await pipeline.raw().toBuffer();
  } catch (err) {
    throw new FryError('Invalid File', `The image is damaged or truncated (${(err as Error).message.split('\n')[0]}).`);
  }
  if (rgb.length !== width * height * 3 * frames) {
    throw new FryError('Invalid File', 'The image could not be decoded completely.');
  }
  const delay = (meta.delay ?? []).map((d: number) => (d > 0 ? d : 50));
  return { rgb, width, height, fullWidth, fullHeight, frames, delay };
}

/** Tux's quarter size: int(size × 0.25), at least one pixel. */
const quarter = (size: number) => Math.max(1, Math.floor(size * 0.25));

export interface FryOptions {
  limits?: FryLimits;
  /** Filled with where the time went. */
  timings?: FryTimings;
  /** `sharp` leaves libjpeg-turbo out even where it is installed (to compare the two). */
  codec?: 'auto' | 'sharp';
}

/** Deep-fries an image. Throws FryError (with a title and a message for the member) for what it refuses. */
export async function deepfry(input: Buffer, options: FryOptions = {}): Promise<FryResult> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const { timings } = options;
  let mark = performance.now();
  const lap = (key: keyof FryTimings) => {
    const now = performance.now();
    if (timings) timings[key] += now - mark;
    mark = now;
  };
  checkSize(input, limits);
  const turbo = options.codec === 'sharp' ? null : (await loadTurboJpeg()).turbo;
  const decoded =
    (turbo && isJpeg(input) ? await decodeWithTurbo(turbo, input, limits) : null) ??
    (await decodeWithSharp(await loadSharp(), input, limits));
  lap('decodeMs');
  const { frames } = decoded;
  const smallW = quarter(decoded.fullWidth);
  const smallH = quarter(decoded.fullHeight);
  const small = fryPixels(decoded.rgb, decoded.width, decoded.height, smallW, smallH, frames);
  lap('pixelsMs');
  const outW = smallW * 4;
  const outH = smallH * 4;
  if (frames === 1) {
    const data = turbo
      ? await turbo.encodeYuv420(upscale4Yuv420(small, smallW, smallH), outW, outH, 1)
      : await (await loadSharp())(small, { raw: { width: smallW, height: smallH, channels: 3 } })
          .resize(outW, outH, { kernel: 'nearest' })
          .jpeg({ quality: 1, optimiseCoding: false })
          .toBuffer();
    lap('encodeMs');
    return { data, name: 'deepfried.jpg', width: outW, height: outH, frames: 1 };
  }
  // Frames are scaled ×4 by repeating pixels (libvips' resize would treat the strip of frames as one image).
  const { delay } = decoded;
  const big = upscale4(small, smallW, smallH * frames);
  const data = await (await loadSharp())(big, {
    raw: { width: outW, height: outH * frames, channels: 3, pageHeight: outH },
  })
    .webp({ quality: 1, effort: 0, loop: 0, delay: delay.length === frames ? delay : 50 })
    .toBuffer();
  lap('encodeMs');
  return { data, name: 'deepfried.webp', width: outW, height: outH, frames };
}

/**
 * Nearest-neighbour ×4 of packed RGB straight into the YCbCr 4:2:0 planes a JPEG encoder works on: each pixel is
 * converted once (libjpeg's fixed-point BT.601, so the encoder gets what it would compute from the ×4 RGB), then
 * becomes a 4×4 block of luma and a 2×2 block of each chroma (averaging 2×2 equal samples changes nothing). The
 * planes are a third of the RGB image's bytes, and repeating one byte fills a 4-byte or 2-byte word at a time.
 */
export function upscale4Yuv420(src: Uint8Array, width: number, height: number): Yuv420 {
  const yStride = width * 4;
  const cStride = width * 2;
  const y = Buffer.allocUnsafe(yStride * height * 4);
  const cb = Buffer.allocUnsafe(cStride * height * 2);
  const cr = Buffer.allocUnsafe(cStride * height * 2);
  // Word views: a byte repeated in every lane is the same word whatever the machine's byte order.
  const y32 = new Uint32Array(y.buffer, y.byteOffset, y.length >> 2);
  const cb16 = new Uint16Array(cb.buffer, cb.byteOffset, cb.length >> 1);
  const cr16 = new Uint16Array(cr.buffer, cr.byteOffset, cr.length >> 1);
  for (let row = 0; row < height; row++) {
    const yLine = row * 4 * yStride;
    const cLine = row * 2 * cStride;
    let y32At = yLine >> 2;
    let c16At = cLine >> 1;
    for (let i = row * width * 3, end = i + width * 3; i < end; i += 3) {
      const r = src[i] as number;
      const g = src[i + 1] as number;
      const b = src[i + 2] as number;
      const luma = (19595 * r + 38470 * g + 7471 * b + 32768) >> 16;
      const blue = (-11059 * r - 21709 * g + 32768 * b + 8421375) >> 16;
      const red = (32768 * r - 27439 * g - 5329 * b + 8421375) >> 16;
      y32[y32At++] = luma * 0x01010101;
      cb16[c16At] = blue * 0x0101;
      cr16[c16At++] = red * 0x0101;
    }
    y.copyWithin(yLine + yStride, yLine, yLine + yStride);
    y.copyWithin(yLine + 2 * yStride, yLine, yLine + 2 * yStride);
    cb.copyWithin(cLine + cStride, cLine, cLine + cStride);
    cr.copyWithin(cLine + cStride, cLine, cLine + cStride);
  }
  return { y, cb, cr };
}

/** Nearest-neighbour ×4 of packed RGB: each pixel becomes a 4×4 block. */
function upscale4(src: Buffer, width: number, height: number): Buffer {
  const rowBytes = width * 4 * 3;
  const out = Buffer.allocUnsafe(rowBytes * height * 4);
  for (let y = 0; y < height; y++) {
    const line = y * 4 * rowBytes;
    let o = line;
    for (let i = y * width * 3, end = i + width * 3; i < end; i += 3) {
      const r = src[i] as number;
      const g = src[i + 1] as number;
      const b = src[i + 2] as number;
      for (let k = 0; k < 4; k++, o += 3) {
        out[o] = r;
        out[o + 1] = g;
        out[o + 2] = b;
      }
    }
    out.copyWithin(line + rowBytes, line, line + rowBytes);
    out.copyWithin(line + 2 * rowBytes, line, line + 2 * rowBytes);
  }
  return out;
}
