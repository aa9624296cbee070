/**
 * libjpeg-turbo's TurboJPEG API (Debian's `libturbojpeg0`), called through koffi: the fast JPEG path of deepfry.
 *
 * It decodes a JPEG straight to a quarter of its size (the DCT scaling skips three quarters of the inverse
 * transform) and encodes the quality-1 result, each about twice as fast as libvips' own JPEG codec on the same
 * machine. The calls run on a worker thread, off the event loop. When the library or koffi is missing, `null` is
 * returned and deepfry uses sharp alone (same pipeline, slower).
 */
import type { LibraryHandle, load } from 'koffi';

type KoffiFunction = ReturnType<LibraryHandle['func']>;

/** TurboJPEG's pixel format and subsampling codes (turbojpeg.h). */
const TJPF_RGB = 0;
const TJSAMP_420 = 2;
/** Flags: fail on a damaged or truncated file instead of returning what it could decode. */
const TJFLAG_STOPONWARNING = 8192;
const TJFLAG_NOREALLOC = 1024;

/** Where the library is found: Debian's package (any architecture), then the usual names elsewhere. */
const LIBRARY_NAMES = ['libturbojpeg.so.0', 'libturbojpeg.so', 'libturbojpeg.dylib', 'turbojpeg.dll'];

export interface JpegHeader {
  width: number;
  height: number;
}

export interface Yuv420 {
  y: Buffer;
  cb: Buffer;
  cr: Buffer;
}

export interface TurboJpeg {
  /** The library that was loaded (for `tux doctor`). */
  readonly library: string;
  /** The size of a baseline or progressive JPEG, or null when it is not one TurboJPEG can read. */
  header(jpeg: Buffer): JpegHeader | null;
  /**
   * Decodes to packed RGB scaled by num/8 (1..16; 2 is a quarter) through the DCT: the size is the ceiling of
   * width × num / 8 by the ceiling of height × num / 8. Rejects a damaged or truncated file.
   */
  decodeScaled(jpeg: Buffer, eighths: number): Promise<{ rgb: Buffer; width: number; height: number }>;
  /**
   * Encodes YCbCr planes (JPEG's full-range BT.601, as libjpeg converts RGB) as a baseline 4:2:0 JPEG of the given
   * quality (1–100): `y` is width × height, `cb` and `cr` half of that each way, rounded up.
   */
  encodeYuv420(planes: Yuv420, width: number, height: number, quality: number): Promise<Buffer>;
}

interface Bindings {
  initDecompress: KoffiFunction;
  initCompress: KoffiFunction;
  destroy: KoffiFunction;
  header: KoffiFunction;
  decompress: KoffiFunction;
  compress: KoffiFunction;
  bufSize: KoffiFunction;
  errorText: KoffiFunction;
}

/** Calls a koffi function on its worker thread. */
function callAsync(fn: KoffiFunction, ...args: unknown[]): Promise<number> {
  return new Promise((resolve, reject) => {
    fn.async(...args, (err: unknown, result: number) => (err ? reject(err) : resolve(result)));
  });
}

function bind(lib: LibraryHandle): Bindings {
  return {
    initDecompress: lib.func('void *tjInitDecompress(void)'),
    initCompress: lib.func('void *tjInitCompress(void)'),
    destroy: lib.func('int tjDestroy(void *handle)'),
    header: lib.func(
      'int tjDecompressHeader3(void *handle, const uint8_t *jpegBuf, unsigned long jpegSize, _Out_ int *width, _Out_ int *height, _Out_ int *jpegSubsamp, _Out_ int *jpegColorspace)',
    ),
    decompress: lib.func(
      'int tjDecompress2(void *handle, const uint8_t *jpegBuf, unsigned long jpegSize, _Out_ uint8_t *dstBuf, int width, int pitch, int height, int pixelFormat, int flags)',
    ),
    compress: lib.func(
      'int tjCompressFromYUVPlanes(void *handle, const uint8_t **srcPlanes, int width, const int *strides, int height, int subsamp, _Inout_ uint8_t **jpegBuf, _Inout_ unsigned long *jpegSize, int jpegQual, int flags)',
    ),
    bufSize: lib.func('unsigned long tjBufSize(int width, int height, int jpegSubsamp)'),
    errorText: lib.func('const char *tjGetErrorStr2(void *handle)'),
  };
}

function make(b: Bindings, library: string): TurboJpeg {
  const withHandle = async <T>(init: KoffiFunction, use: (handle: unknown) => Promise<T>): Promise<T> => {
    const handle = init();
    if (!handle) throw new Error('TurboJPEG could not start');
    try {
      return await use(handle);
    } finally {
      b.destroy(handle);
    }
  };
  const fail = (handle: unknown, what: string) => new Error(`${what}: ${String(b.errorText(handle))}`);

  return {
    library,
    header(jpeg) {
      const handle = b.initDecompress();
      if (!handle) return null;
      try {
        const width = [0];
        const height = [0];
        const ok = b.header(handle, jpeg, jpeg.length, width, height, [0], [0]) === 0;
        return ok && width[0] && height[0] ? { width: width[0], height: height[0] } : null;
      } finally {
        b.destroy(handle);
      }
    },
    decodeScaled(jpeg, eighths) {
      return withHandle(b.initDecompress, async (handle) => {
        const w = [0];
        const h = [0];
        if (b.header(handle, jpeg, jpeg.length, w, h, [0], [0]) !== 0) throw fail(handle, 'JPEG header');
        // TurboJPEG picks the largest of its scaling factors (n/8) that fits the size asked for: this one.
        const width = Math.ceil(((w[0] as number) * eighths) / 8);
        const height = Math.ceil(((h[0] as number) * eighths) / 8);
        const rgb = Buffer.allocUnsafe(width * height * 3);
        const rc = await callAsync(
          b.decompress,
          handle,
          jpeg,
          jpeg.length,
          rgb,
          width,
          0,
          height,
          TJPF_RGB,
          TJFLAG_STOPONWARNING,
        );
        if (rc !== 0) throw fail(handle, 'JPEG decode');
        return { rgb, width, height };
      });
    },
    encodeYuv420(planes, width, height, quality) {
      return withHandle(b.initCompress, async (handle) => {
        const capacity = Number(b.bufSize(width, height, TJSAMP_420));
        const out = Buffer.allocUnsafe(capacity);
        const size = [capacity];
        const rc = await callAsync(
          b.compress,
          handle,
          [planes.y, planes.cb, planes.cr],
          width,
          null,
          height,
          TJSAMP_420,
          [out],
          size,
          quality,
          TJFLAG_NOREALLOC,
        );
        if (rc !== 0) throw fail(handle, 'JPEG encode');
        return Buffer.from(out.subarray(0, size[0]));
      });
    },
  };
}

/**
 * A loader of libjpeg-turbo, loading it on its first call: `turbo` is null, with the reason, when koffi cannot load
 * on this platform or the library is not installed.
 */
export function turboJpegLoader(): () => Promise<{ turbo: TurboJpeg | null; reason: string | null }> {
  let loading: Promise<{ turbo: TurboJpeg | null; reason: string | null }> | null = null;
  return () => {
    loading ??= (async () => {
      let koffi: { load: typeof load };
      try {
        koffi = (await import('koffi')).default;
      } catch (err) {
        return { turbo: null, reason: `koffi does not load here (${(err as Error).message.split('\n')[0]})` };
      }
      for (const name of LIBRARY_NAMES) {
        try {
          return { turbo: make(bind(koffi.load(name)), name), reason: null };
        } catch {
          // try the next name
        }
      }
      return { turbo: null, reason: 'libjpeg-turbo is not installed (Debian: apt-get install libturbojpeg0)' };
    })();
    return loading;
  };
}
