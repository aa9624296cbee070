/**
 * One external web service (xkcd, tldr, a wiki, Wandbox, ...) as the appliance sees it: a base URL, a timeout, a
 * rate limit, retries on 5xx and 429 only, a response cache, and a health the console shows on its Services screen.
 * Every web lookup goes through one of these; nothing else in the appliance calls fetch for a feature.
 */
import { LRUCache } from 'lru-cache';
import type { Logger } from '../log/types.ts';
import type { Health, Service } from '../services/types.ts';
import { RateLimiter } from './rate-limiter.ts';
import { WebServiceError } from './web-error.ts';

export interface WebServiceOptions {
  /** Service name in the registry ("web.xkcd"). */
  name: string;
  /** What members read in errors ("xkcd"). */
  label: string;
  baseUrl: string;
  log: Logger;
  timeoutMs: number;
  /** Requests a minute (default 60) and burst (default 10). */
  perMinute?: number;
  burst?: number;
  /** Extra attempts after a 5xx or 429 (default 2). */
  retries?: number;
  /** First backoff delay; doubles each attempt (default 300 ms). */
  backoffMs?: number;
  /** Largest body accepted, in bytes (default 4 MiB). */
  maxBytes?: number;
  /** Cached responses kept (default 200). */
  cacheEntries?: number;
  /** The fetch to use (tests pass none: the real one against a local server). */
  fetch?: typeof fetch;
}

export interface WebRequest {
  /** Appended to the base URL ("/info.0.json"); an absolute http(s) URL is used as it is. */
  path: string;
  method?: 'GET' | 'POST';
  query?: Record<string, string | number | boolean>;
  /** JSON body (POST). */
  json?: unknown;
  headers?: Record<string, string>;
  /** Keep a successful GET answer this long (default: not cached). */
  cacheTtlMs?: number;
  timeoutMs?: number;
  maxBytes?: number;
}

export interface WebResponse {
  status: number;
  contentType: string;
  body: Buffer;
}

export interface WebService extends Service {
  readonly label: string;
  readonly baseUrl: string;
  /** The raw answer of a 2xx; a 404 throws kind "not-found", other failures their kind. */
  request(req: WebRequest): Promise<WebResponse>;
  json<T>(req: WebRequest): Promise<T>;
  text(req: WebRequest): Promise<string>;
}

interface Counters {
  requests: number;
  failures: number;
  cacheHits: number;
  retries: number;
  lastLatencyMs: number;
}

const RETRY_AFTER_CAP_MS = 5_000;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

function retryAfterMs(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.min(RETRY_AFTER_CAP_MS, Math.max(0, seconds * 1000));
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.min(RETRY_AFTER_CAP_MS, Math.max(0, at - Date.now()));
}

async function readLimited(res: Response, limit: number, fail: (detail: string) => Error): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) throw fail(`answer of ${declared} bytes is over the ${limit}-byte limit`);
  if (!res.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > limit) throw fail(`answer is over the ${limit}-byte limit`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

export function createWebService(opts: WebServiceOptions): WebService {
  const doFetch = opts.fetch ?? fetch;
  const limiter = new RateLimiter(opts.perMinute ?? 60, opts.burst ?? 10);
  const cache = new LRUCache<string, WebResponse>({ max: opts.cacheEntries ?? 200 });
  const counters: Counters = { requests: 0, failures: 0, cacheHits: 0, retries: 0, lastLatencyMs: 0 };
  let running = false;
  let stopper = new AbortController();
  let lastError: { message: string; at: number } | null = null;
  let lastOkAt: number | null = null;

  const url = (req: WebRequest): string => {
    const u = /^https?:\/\//.test(req.path) ? new URL(req.path) : new URL(opts.baseUrl.replace(/\/+$/, '') + req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) u.searchParams.set(k, String(v));
    return u.toString();
  };

  const fail = (kind: WebServiceError['kind'], detail: string, status?: number): WebServiceError =>
    new WebServiceError(opts.label, kind, detail, status);

  async function attempt(target: string, req: WebRequest, signal: AbortSignal): Promise<Response> {
    const init: RequestInit = {
      method: req.method ?? 'GET',
      headers: {
        'user-agent': 'Tux (self-hosted Discord bot)',
        ...(req.json === undefined ? {} : { 'content-type': 'application/json' }),
        ...req.headers,
      },
      signal,
      redirect: 'follow',
    };
    if (req.json !== undefined) init.body = JSON.stringify(req.json);
    return doFetch(target, init);
  }

  async function send(req: WebRequest): Promise<WebResponse> {
    if (!running) throw fail('unreachable', 'the service is stopped');
    const target = url(req);
    const cacheKey = req.cacheTtlMs && (req.method ?? 'GET') === 'GET' ? target : null;
    const cached = cacheKey ? cache.get(cacheKey) : undefined;
    if (cached) {
      counters.cacheHits++;
      return cached;
    }
    await limiter.take();
    const timeoutMs = req.timeoutMs ?? opts.timeoutMs;
    const signal = AbortSignal.any([AbortSignal.timeout(timeoutMs), stopper.signal]);
    const started = Date.now();
    const retries = opts.retries ?? 2;
    counters.requests++;
    try {
      for (let n = 0; ; n++) {
        let res: Response;
        try {
          res = await attempt(target, req, signal);
        } catch (err) {
          if (signal.aborted) {
            if (stopper.signal.aborted) throw fail('unreachable', 'the service was stopped');
            throw fail('timeout', `no answer within ${timeoutMs} ms`);
          }
          throw fail('unreachable', (err as Error).cause ? String((err as Error).cause) : (err as Error).message);
        }
        const retryable = res.status >= 500 || res.status === 429;
        if (retryable && n < retries) {
          await res.body?.cancel().catch(() => undefined);
          counters.retries++;
          const wait = retryAfterMs(res.headers.get('retry-after')) ?? (opts.backoffMs ?? 300) * 2 ** n;
          opts.log.debug({ service: opts.name, status: res.status, attempt: n + 1, waitMs: wait }, 'retrying');
          try {
            await sleep(wait, signal);
          } catch {
            throw fail('timeout', `no usable answer within ${timeoutMs} ms (last status ${res.status})`);
          }
          continue;
        }
        if (res.status === 404) {
          await res.body?.cancel().catch(() => undefined);
          // A missing page is an answer, not a failure of the service.
          lastOkAt = Date.now();
          throw fail('not-found', `${new URL(target).pathname} is not there`, 404);
        }
        if (!res.ok) {
          await res.body?.cancel().catch(() => undefined);
          const kind = res.status === 429 ? 'rate-limited' : res.status >= 500 ? 'server' : 'bad-response';
          throw fail(kind, `HTTP ${res.status}`, res.status);
        }
        let body: Buffer;
        try {
          body = await readLimited(res, req.maxBytes ?? opts.maxBytes ?? 4 * 1024 * 1024, (d) =>
            fail('bad-response', d),
          );
        } catch (err) {
          if (err instanceof WebServiceError) throw err;
          throw signal.aborted
            ? fail('timeout', `no complete answer within ${timeoutMs} ms`)
            : fail('unreachable', (err as Error).message);
        }
        const out = { status: res.status, contentType: res.headers.get('content-type') ?? '', body };
        if (cacheKey) cache.set(cacheKey, out, { ttl: req.cacheTtlMs ?? 0 });
        lastOkAt = Date.now();
        lastError = null;
        return out;
      }
    } catch (err) {
      if (err instanceof WebServiceError && err.kind !== 'not-found') {
        counters.failures++;
        lastError = { message: err.message, at: Date.now() };
        opts.log.warn({ service: opts.name, kind: err.kind, status: err.status }, err.message);
      }
      throw err;
    } finally {
      counters.lastLatencyMs = Date.now() - started;
    }
  }

  return {
    name: opts.name,
    label: opts.label,
    baseUrl: opts.baseUrl,
    async start() {
      stopper = new AbortController();
      running = true;
    },
    async stop() {
      running = false;
      stopper.abort(new Error('stopped'));
      cache.clear();
    },
    health(): Health {
      const metrics = { ...counters, cached: cache.size };
      if (!running) return { status: 'stopped', detail: opts.baseUrl, metrics };
      if (lastError && (lastOkAt === null || lastError.at > lastOkAt)) {
        return { status: 'degraded', detail: `last request failed: ${lastError.message}`, metrics };
      }
      return { status: 'ok', detail: opts.baseUrl, metrics };
    },
    request: send,
    async json<T>(req: WebRequest): Promise<T> {
      const res = await send({ ...req, headers: { accept: 'application/json', ...req.headers } });
      try {
        return JSON.parse(res.body.toString('utf8')) as T;
      } catch {
        throw fail('bad-response', 'the answer is not JSON');
      }
    },
    async text(req: WebRequest): Promise<string> {
      return (await send(req)).body.toString('utf8');
    },
  };
}
