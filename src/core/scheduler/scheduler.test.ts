import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { openTempDb, type TempDb } from '#core/db/temp-db.ts';
import { createScheduler, type DurableScheduler, type SchedulerOptions } from './scheduler.ts';
import type { Job } from './types.ts';

const log = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let temps: TempDb[] = [];
let schedulers: DurableScheduler[] = [];

async function setup(opts: Partial<SchedulerOptions> = {}) {
  const t = await openTempDb();
  temps.push(t);
  const s = createScheduler({ db: t.db, log, ...opts });
  schedulers.push(s);
  return { t, s };
}

afterEach(async () => {
  for (const s of schedulers) await s.stop();
  for (const t of temps) t.cleanup();
  schedulers = [];
  temps = [];
});

async function until(cond: () => boolean, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(2);
  }
}

describe('scheduler', () => {
  it('fires a job at its exact time, not on a polling interval', async () => {
    const { s } = await setup();
    await s.start();
    let firedAt = 0;
    s.handle('ping', () => {
      firedAt = Date.now();
    });
    const due = Date.now() + 50;
    s.schedule('ping', due, { n: 1 });
    await until(() => firedAt > 0);
    expect(firedAt).toBeGreaterThanOrEqual(due - 2);
    expect(firedAt - due).toBeLessThan(25);
    await until(() => s.list({ status: 'done' }).length === 1);
  });

  it('arms far-future jobs without overflowing setTimeout', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      // An arm window beyond setTimeout's limit must still be clamped.
      const { s } = await setup({ armWindowMs: Number.MAX_SAFE_INTEGER });
      let fired = false;
      s.handle('later', () => {
        fired = true;
      });
      await s.start();
      const job = s.schedule('later', Date.now() + 30 * 86_400_000, null);
      await sleep(80);
      expect(fired).toBe(false);
      expect(s.get(job.id)?.status).toBe('pending');
      expect(warnings).not.toContain('TimeoutOverflowWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('replaces a pending job scheduled again with the same key', async () => {
    const { s } = await setup();
    const seen: unknown[] = [];
    s.handle<{ v: number }>('remind', (job) => {
      seen.push(job.payload.v);
    });
    s.schedule('remind', Date.now() + 40, { v: 1 }, { key: 'remind:42' });
    const second = s.schedule('remind', Date.now() + 40, { v: 2 }, { key: 'remind:42' });
    expect(s.list({ type: 'remind', status: 'pending' })).toHaveLength(1);
    expect(s.get('remind:42')?.id).toBe(second.id);
    await s.start();
    await until(() => seen.length > 0);
    await sleep(60);
    expect(seen).toEqual([2]);
  });

  it('cancels by id and by key; cancelled jobs never run', async () => {
    const { s } = await setup();
    const ran: number[] = [];
    s.handle('x', (job: Job) => {
      ran.push(job.id);
    });
    const a = s.schedule('x', Date.now() + 30, null);
    const b = s.schedule('x', Date.now() + 30, null, { key: 'kb' });
    const c = s.schedule('x', Date.now() + 30, null);
    expect(s.cancel(a.id)).toBe(true);
    expect(s.cancel('kb')).toBe(true);
    expect(s.cancel('kb')).toBe(false);
    expect(s.cancel(99999)).toBe(false);
    await s.start();
    await until(() => ran.length === 1);
    await sleep(50);
    expect(ran).toEqual([c.id]);
    expect(s.get(a.id)?.status).toBe('cancelled');
    expect(s.get(b.id)?.status).toBe('cancelled');
  });

  it('lists jobs by type and status in run order', async () => {
    const { s } = await setup();
    const t0 = Date.now() + 3_600_000;
    s.schedule('a', t0 + 2, 1);
    s.schedule('b', t0 + 1, 2);
    s.schedule('a', t0, 3);
    expect(s.list().map((j) => j.payload)).toEqual([3, 2, 1]);
    expect(s.list({ type: 'a' }).map((j) => j.payload)).toEqual([3, 1]);
    expect(s.list({ status: 'failed' })).toEqual([]);
    expect(s.list({ limit: 1 })).toHaveLength(1);
    expect(() => s.schedule('a', Number.NaN, null)).toThrow(/valid Date/);
    expect(() => s.schedule('a', Date.now(), 1n)).toThrow(/JSON/);
  });

  it('retries with exponential backoff, then marks the job failed with its error', async () => {
    const { s } = await setup({ backoffBaseMs: 40, backoffMaxMs: 10_000 });
    const times: number[] = [];
    s.handle('flaky', () => {
      times.push(Date.now());
      throw new Error(`boom ${times.length}`);
    });
    await s.start();
    const job = s.schedule('flaky', Date.now(), { x: 1 }, { maxAttempts: 3 });
    await until(() => s.get(job.id)?.status === 'failed');
    expect(times).toHaveLength(3);
    const gap1 = times[1]! - times[0]!;
    const gap2 = times[2]! - times[1]!;
    expect(gap1).toBeGreaterThanOrEqual(38);
    expect(gap2).toBeGreaterThanOrEqual(78);
    const failed = s.list({ status: 'failed' });
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ id: job.id, attempts: 3, lastError: 'boom 3', payload: { x: 1 } });
    expect(s.health().metrics?.failed).toBe(1);
  });

  it('runs overdue jobs right after start', async () => {
    const { s } = await setup();
    s.schedule('overdue', Date.now() - 3_600_000, 'late');
    let ranAt = 0;
    s.handle('overdue', () => {
      ranAt = Date.now();
    });
    await sleep(30);
    expect(ranAt).toBe(0);
    const startedAt = Date.now();
    await s.start();
    await until(() => ranAt > 0);
    expect(ranAt - startedAt).toBeLessThan(50);
  });

  it('keeps due jobs without a handler pending until one is registered', async () => {
    const { s } = await setup();
    await s.start();
    const job = s.schedule('unhandled', Date.now() - 10, null);
    await sleep(40);
    expect(s.get(job.id)?.status).toBe('pending');
    let ran = false;
    s.handle('unhandled', () => {
      ran = true;
    });
    await until(() => ran);
    await until(() => s.get(job.id)?.status === 'done');
  });

  it('survives a restart: a job scheduled before shutdown fires after reopening the file', async () => {
    const { t, s } = await setup();
    await s.start();
    const job = s.schedule('survivor', Date.now() + 150, { hello: 'world' }, { key: 'surv' });
    await s.stop();
    t.db.close();

    const db2 = await t.reopen({ exclusive: true });
    const s2 = createScheduler({ db: db2, log });
    schedulers.push(s2);
    const got: Job[] = [];
    s2.handle('survivor', (j: Job) => {
      got.push(j);
    });
    await s2.start();
    await until(() => got.length === 1);
    expect(got[0]).toMatchObject({ id: job.id, payload: { hello: 'world' }, key: 'surv', attempts: 1 });
  });

  it('requeues jobs a crash left running (at least once)', async () => {
    const { t, s } = await setup();
    const job = s.schedule('crashy', Date.now() - 5, null);
    t.db.sqlite.prepare(`UPDATE scheduler_jobs SET status = 'running', attempts = 1 WHERE id = ?`).run(job.id);
    let runs = 0;
    s.handle('crashy', () => {
      runs++;
    });
    await s.start();
    await until(() => runs === 1);
    await until(() => s.get(job.id)?.status === 'done');
    expect(s.get(job.id)?.attempts).toBe(2);
  });

  it('does not let a hung handler block other jobs', async () => {
    const { s } = await setup({ concurrency: 1, jobTimeoutMs: 80, stopTimeoutMs: 50 });
    s.handle('hang', () => new Promise<void>(() => {}));
    let quickRan = false;
    s.handle('quick', () => {
      quickRan = true;
    });
    const hung = s.schedule('hang', Date.now() - 10, null, { maxAttempts: 1 });
    s.schedule('quick', Date.now() - 5, null);
    await s.start();
    await until(() => quickRan);
    expect(s.get(hung.id)).toMatchObject({ status: 'failed', lastError: 'timed out after 80 ms' });
  });

  it('stop() waits for a running handler', async () => {
    const { s } = await setup();
    let finished = false;
    s.handle('slow', async () => {
      await sleep(100);
      finished = true;
    });
    const job = s.schedule('slow', Date.now() - 1, null);
    await s.start();
    await until(() => s.get(job.id)?.status === 'running');
    await s.stop();
    expect(finished).toBe(true);
    expect(s.get(job.id)?.status).toBe('done');
    expect(s.health().status).toBe('stopped');
  });
});
