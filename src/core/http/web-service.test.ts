import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebServiceError } from './web-error.ts';
import { createWebService, type WebService } from './web-service.ts';

/** A server whose answers the test scripts per request: a queue of [status, body, headers]. */
let server: http.Server;
let base = '';
const script: [number, string, Record<string, string>?][] = [];
let hits = 0;
const stall = new Set<string>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits++;
    if (stall.has(req.url ?? '')) return;
    const [status, body, headers] = script.shift() ?? [200, '{"ok":true}'];
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

async function service(extra: Partial<Parameters<typeof createWebService>[0]> = {}): Promise<WebService> {
  const s = createWebService({
    name: 'web.test',
    label: 'Testsvc',
    baseUrl: base,
    log: pino({ level: 'silent' }),
    timeoutMs: 3000,
    backoffMs: 10,
    ...extra,
  });
  await s.start();
  return s;
}

function reset(): void {
  script.length = 0;
  hits = 0;
}

describe('web service', () => {
  it('retries a 5xx and a 429, then answers', async () => {
    reset();
    script.push([503, 'busy'], [429, 'slow', { 'retry-after': '0' }], [200, '{"n":1}']);
    const s = await service();
    expect(await s.json<{ n: number }>({ path: '/x' })).toEqual({ n: 1 });
    expect(hits).toBe(3);
    expect(s.health().status).toBe('ok');
    expect(s.health().metrics?.retries).toBe(2);
  });

  it('does not retry a 4xx, and gives up after its retries with a clear kind', async () => {
    reset();
    script.push([400, 'bad']);
    const s = await service();
    await expect(s.json({ path: '/x' })).rejects.toMatchObject({ kind: 'bad-response', status: 400 });
    expect(hits).toBe(1);
    reset();
    script.push([500, 'a'], [500, 'b'], [500, 'c'], [200, '{}']);
    const err = await s.json({ path: '/x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebServiceError);
    expect((err as WebServiceError).kind).toBe('server');
    expect((err as WebServiceError).userMessage()).toBe('Testsvc is unavailable right now. Try again later.');
    expect(hits).toBe(3);
    expect(s.health().status).toBe('degraded');
  });

  it('times out a stalled answer and says so', async () => {
    reset();
    stall.add('/slow');
    const s = await service({ timeoutMs: 200 });
    const started = Date.now();
    const err = (await s.json({ path: '/slow' }).catch((e: unknown) => e)) as WebServiceError;
    expect(err.kind).toBe('timeout');
    expect(err.userMessage()).toMatch(/did not answer in time/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('reports a 404 as not-found without marking the service degraded', async () => {
    reset();
    script.push([404, 'nope']);
    const s = await service();
    await expect(s.json({ path: '/missing' })).rejects.toMatchObject({ kind: 'not-found' });
    expect(s.health().status).toBe('ok');
  });

  it('serves a cached GET without asking again, and refuses an answer over the size limit', async () => {
    reset();
    script.push([200, '{"v":1}'], [200, '{"v":2}']);
    const s = await service();
    expect(await s.json({ path: '/c', cacheTtlMs: 60_000 })).toEqual({ v: 1 });
    expect(await s.json({ path: '/c', cacheTtlMs: 60_000 })).toEqual({ v: 1 });
    expect(hits).toBe(1);
    expect(s.health().metrics?.cacheHits).toBe(1);
    reset();
    script.push([200, JSON.stringify({ big: 'x'.repeat(5000) })]);
    await expect(s.json({ path: '/big', maxBytes: 1000 })).rejects.toMatchObject({ kind: 'bad-response' });
  });

  it('spaces requests by its rate limit', async () => {
    reset();
    const s = await service({ perMinute: 600, burst: 1 }); // one every 100 ms
    const started = Date.now();
    await Promise.all([1, 2, 3, 4].map(() => s.json({ path: '/r' })));
    expect(hits).toBe(4);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('refuses requests while stopped', async () => {
    const s = await service();
    await s.stop();
    expect(s.health().status).toBe('stopped');
    await expect(s.json({ path: '/x' })).rejects.toMatchObject({ kind: 'unreachable' });
  });
});
