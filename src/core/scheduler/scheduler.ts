/**
 * Durable jobs in SQLite with exact timers. One setTimeout is armed for the nearest due job whose type has a handler
 * (each wait capped at armWindowMs, so far-future jobs never overflow setTimeout's 2^31-1 ms limit and clock jumps are
 * corrected within the window), and re-armed after every schedule, cancel, handler change and run.
 *
 * Delivery is at least once: a job is marked running (attempts + 1) before its handler is called; if the process
 * dies meanwhile, start() puts it back to pending, so handlers must tolerate running twice. A job whose type has no
 * handler yet stays pending until one is registered (modules register theirs when enabled).
 *
 * Up to `concurrency` handlers run at once. A handler that exceeds `jobTimeoutMs` counts as a failed attempt and frees
 * its slot (its promise cannot be cancelled, and its eventual result is ignored), so one slow job never blocks the rest.
 */
import { and, asc, count, eq, inArray, lte, min, or, type SQL } from 'drizzle-orm';
import type { Db } from '#core/db/types.ts';
import type { Logger } from '#core/log/types.ts';
import type { Health, Service } from '#core/services/types.ts';
import { schedulerJobs } from './schema.ts';
import type { Job, JobFilter, JobHandler, JobStatus, ScheduleOptions, Scheduler } from './types.ts';

export interface SchedulerOptions {
  db: Db;
  log: Logger;
  /** Clock for run_at comparisons and timestamps (epoch ms). Default Date.now. */
  now?: () => number;
  /** Longest single timer wait. Default 1 hour. */
  armWindowMs?: number;
  /** Retry n waits backoffBaseMs * 2^(n-1), capped at backoffMaxMs. Defaults 5 s and 1 h. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Handlers running at once. Default 4. */
  concurrency?: number;
  /** An attempt running longer than this fails ("timed out"). Default 10 minutes. */
  jobTimeoutMs?: number;
  /** How long stop() waits for running handlers. Default 5 s. */
  stopTimeoutMs?: number;
  /** Done and cancelled jobs older than this are deleted at start. Default 7 days. Failed jobs are kept. */
  keepFinishedMs?: number;
}

export type DurableScheduler = Scheduler & Service;

const MAX_TIMEOUT_MS = 2 ** 31 - 1;
const DEFAULT_MAX_ATTEMPTS = 5;
const MAX_LIST = 1000;

type Row = typeof schedulerJobs.$inferSelect;

function toJob(row: Row): Job {
  let payload: unknown;
  try {
    payload = JSON.parse(row.payload);
  } catch {
    payload = row.payload;
  }
  return {
    id: row.id,
    type: row.type,
    runAt: row.runAt,
    payload,
    key: row.key,
    status: row.status as JobStatus,
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    lastError: row.lastError,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function errorText(err: unknown): string {
  const text = err instanceof Error ? err.message || err.name : String(err);
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}

function toEpochMs(runAt: Date | number): number {
  const ms = runAt instanceof Date ? runAt.getTime() : runAt;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    throw new RangeError(`Job run time must be a valid Date or epoch milliseconds, got ${String(runAt)}.`);
  }
  return Math.round(ms);
}

export function createScheduler(opts: SchedulerOptions): DurableScheduler {
  const { db, log } = opts;
  const orm = db.orm;
  const now = opts.now ?? Date.now;
  const armWindowMs = Math.max(1, Math.min(opts.armWindowMs ?? 3_600_000, MAX_TIMEOUT_MS));
  const backoffBaseMs = opts.backoffBaseMs ?? 5000;
  const backoffMaxMs = opts.backoffMaxMs ?? 3_600_000;
  const concurrency = Math.max(1, opts.concurrency ?? 4);
  const jobTimeoutMs = opts.jobTimeoutMs ?? 600_000;
  const stopTimeoutMs = opts.stopTimeoutMs ?? 5000;
  const keepFinishedMs = opts.keepFinishedMs ?? 7 * 86_400_000;

  const handlers = new Map<string, JobHandler<unknown>>();
  const inflight = new Map<number, Promise<void>>();
  let started = false;
  let timer: NodeJS.Timeout | undefined;
  let lastError: string | null = null;

  const byIdOrKey = (idOrKey: number | string): SQL =>
    typeof idOrKey === 'number' ? eq(schedulerJobs.id, idOrKey) : eq(schedulerJobs.key, idOrKey);

  function backoff(attempt: number): number {
    return Math.min(backoffMaxMs, backoffBaseMs * 2 ** Math.max(0, attempt - 1));
  }

  function arm(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!started || inflight.size >= concurrency || handlers.size === 0) return;
    let next: number | null | undefined;
    try {
      next = orm
        .select({ next: min(schedulerJobs.runAt) })
        .from(schedulerJobs)
        .where(and(eq(schedulerJobs.status, 'pending'), inArray(schedulerJobs.type, [...handlers.keys()])))
        .get()?.next;
    } catch (err) {
      lastError = errorText(err);
      log.error({ err }, 'scheduler could not read the job table');
      return;
    }
    if (next === null || next === undefined) return;
    const wait = Math.min(Math.max(0, next - now()), armWindowMs, MAX_TIMEOUT_MS);
    timer = setTimeout(tick, wait);
    // The scheduler alone must not keep a process (a CLI command) alive.
    timer.unref();
  }

  /** Claims the next due job (marks it running) in one immediate transaction. */
  function claimDue(): Job | undefined {
    return db.transaction(() => {
      const row = orm
        .select()
        .from(schedulerJobs)
        .where(
          and(
            eq(schedulerJobs.status, 'pending'),
            lte(schedulerJobs.runAt, now()),
            inArray(schedulerJobs.type, [...handlers.keys()]),
          ),
        )
        .orderBy(asc(schedulerJobs.runAt), asc(schedulerJobs.id))
        .limit(1)
        .get();
      if (!row) return undefined;
      const claimed = orm
        .update(schedulerJobs)
        .set({ status: 'running', attempts: row.attempts + 1, updatedAt: now() })
        .where(eq(schedulerJobs.id, row.id))
        .returning()
        .get();
      return claimed ? toJob(claimed) : undefined;
    });
  }

  function tick(): void {
    timer = undefined;
    if (!started) return;
    try {
      while (inflight.size < concurrency && handlers.size > 0) {
        const job = claimDue();
        if (!job) break;
        const handler = handlers.get(job.type);
        if (!handler) break;
        inflight.set(job.id, runJob(job, handler));
      }
    } catch (err) {
      lastError = errorText(err);
      log.error({ err }, 'scheduler could not claim due jobs');
    }
    arm();
  }

  function finish(job: Job, err: unknown | undefined): void {
    const t = now();
    db.transaction(() => {
      if (err === undefined) {
        orm
          .update(schedulerJobs)
          .set({ status: 'done', lastError: null, updatedAt: t })
          .where(eq(schedulerJobs.id, job.id))
          .run();
        return;
      }
      const message = errorText(err);
      if (job.attempts >= job.maxAttempts) {
        orm
          .update(schedulerJobs)
          .set({ status: 'failed', lastError: message, updatedAt: t })
          .where(eq(schedulerJobs.id, job.id))
          .run();
        log.error({ jobId: job.id, type: job.type, attempts: job.attempts, err: message }, 'job failed for good');
        return;
      }
      // A job with the same key scheduled while this one ran supersedes it.
      const newer =
        job.key !== null &&
        orm
          .select({ id: schedulerJobs.id })
          .from(schedulerJobs)
          .where(and(eq(schedulerJobs.key, job.key), eq(schedulerJobs.status, 'pending')))
          .get();
      orm
        .update(schedulerJobs)
        .set(
          newer
            ? { status: 'cancelled', lastError: `${message} (superseded by job ${newer.id})`, updatedAt: t }
            : { status: 'pending', runAt: t + backoff(job.attempts), lastError: message, updatedAt: t },
        )
        .where(eq(schedulerJobs.id, job.id))
        .run();
      log.warn({ jobId: job.id, type: job.type, attempt: job.attempts, err: message }, 'job failed; will retry');
    });
  }

  async function runJob(job: Job, handler: JobHandler<unknown>): Promise<void> {
    let timeout: NodeJS.Timeout | undefined;
    let failure: unknown;
    try {
      await Promise.race([
        Promise.resolve().then(() => handler(job)),
        new Promise<never>((_, reject) => {
          timeout = setTimeout(() => reject(new Error(`timed out after ${jobTimeoutMs} ms`)), jobTimeoutMs);
        }),
      ]);
    } catch (err) {
      failure = err ?? new Error('handler threw a nullish value');
    } finally {
      clearTimeout(timeout);
    }
    try {
      if (db.sqlite.open) finish(job, failure);
    } catch (err) {
      lastError = errorText(err);
      log.error({ err, jobId: job.id }, 'scheduler could not record a job result');
    }
    inflight.delete(job.id);
    if (started) setImmediate(tick);
  }

  /** Puts jobs a crash left running back to pending, or fails those that had used their last attempt. */
  function recoverInterrupted(): number {
    const t = now();
    return db.transaction(() => {
      const rows = orm.select().from(schedulerJobs).where(eq(schedulerJobs.status, 'running')).all();
      for (const row of rows) {
        const lastAttempt = row.attempts >= row.maxAttempts;
        orm
          .update(schedulerJobs)
          .set(
            lastAttempt
              ? { status: 'failed', lastError: 'interrupted by a restart on its last attempt', updatedAt: t }
              : { status: 'pending', updatedAt: t },
          )
          .where(eq(schedulerJobs.id, row.id))
          .run();
      }
      return rows.length;
    });
  }

  function pruneFinished(): void {
    const cutoff = now() - keepFinishedMs;
    orm
      .delete(schedulerJobs)
      .where(
        and(
          or(eq(schedulerJobs.status, 'done'), eq(schedulerJobs.status, 'cancelled')),
          lte(schedulerJobs.updatedAt, cutoff),
        ),
      )
      .run();
  }

  return {
    name: 'scheduler',
    dependsOn: ['db'],

    async start() {
      if (started) return;
      const recovered = recoverInterrupted();
      if (recovered > 0) log.warn({ recovered }, 'jobs interrupted by a restart were requeued');
      pruneFinished();
      lastError = null;
      started = true;
      tick();
    },

    async stop() {
      started = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (inflight.size === 0) return;
      let waitTimer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...inflight.values()]),
        new Promise<void>((resolve) => {
          waitTimer = setTimeout(resolve, stopTimeoutMs);
        }),
      ]);
      clearTimeout(waitTimer);
      if (inflight.size > 0) {
        log.warn({ running: [...inflight.keys()] }, 'stopped while jobs still ran; they run again at next start');
      }
    },

    health(): Health {
      if (!started) return { status: 'stopped', detail: 'not running' };
      try {
        const counts = Object.fromEntries(
          orm
            .select({ status: schedulerJobs.status, n: count() })
            .from(schedulerJobs)
            .groupBy(schedulerJobs.status)
            .all()
            .map((r) => [r.status, r.n]),
        ) as Record<string, number>;
        const overdue =
          orm
            .select({ n: count() })
            .from(schedulerJobs)
            .where(and(eq(schedulerJobs.status, 'pending'), lte(schedulerJobs.runAt, now() - 60_000)))
            .get()?.n ?? 0;
        return {
          status: lastError ? 'degraded' : 'ok',
          detail: lastError ?? `${handlers.size} job type(s) handled`,
          metrics: {
            pending: counts.pending ?? 0,
            running: inflight.size,
            failed: counts.failed ?? 0,
            done: counts.done ?? 0,
            overdueOneMinute: overdue,
          },
        };
      } catch (err) {
        return { status: 'down', detail: errorText(err) };
      }
    },

    schedule<P>(type: string, runAt: Date | number, payload: P, scheduleOpts: ScheduleOptions = {}): Job<P> {
      if (typeof type !== 'string' || type.length === 0) throw new TypeError('Job type must be a non-empty string.');
      const at = toEpochMs(runAt);
      const maxAttempts = scheduleOpts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
      if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
        throw new RangeError(`maxAttempts must be a whole number of at least 1, got ${maxAttempts}.`);
      }
      let json: string;
      try {
        json = JSON.stringify(payload) ?? 'null';
      } catch (err) {
        throw new TypeError(`Job payload for "${type}" is not JSON-serialisable: ${errorText(err)}`);
      }
      const key = scheduleOpts.key ?? null;
      const t = now();
      const row = db.transaction(() => {
        if (key !== null) {
          orm
            .delete(schedulerJobs)
            .where(and(eq(schedulerJobs.key, key), eq(schedulerJobs.status, 'pending')))
            .run();
        }
        return orm
          .insert(schedulerJobs)
          .values({
            type,
            runAt: at,
            payload: json,
            key,
            status: 'pending',
            attempts: 0,
            maxAttempts,
            createdAt: t,
            updatedAt: t,
          })
          .returning()
          .get();
      });
      arm();
      return toJob(row) as Job<P>;
    },

    cancel(idOrKey) {
      const res = orm
        .update(schedulerJobs)
        .set({ status: 'cancelled', updatedAt: now() })
        .where(and(byIdOrKey(idOrKey), eq(schedulerJobs.status, 'pending')))
        .run();
      arm();
      return res.changes > 0;
    },

    get(idOrKey) {
      if (typeof idOrKey === 'number') {
        const row = orm.select().from(schedulerJobs).where(eq(schedulerJobs.id, idOrKey)).get();
        return row ? toJob(row) : undefined;
      }
      // The pending job for a key, else the most recent one that had it.
      const rows = orm.select().from(schedulerJobs).where(eq(schedulerJobs.key, idOrKey)).all();
      const pick = rows.find((r) => r.status === 'pending') ?? rows.sort((a, b) => b.id - a.id)[0];
      return pick ? toJob(pick) : undefined;
    },

    list(filter: JobFilter = {}) {
      const conds: SQL[] = [];
      if (filter.type !== undefined) conds.push(eq(schedulerJobs.type, filter.type));
      if (filter.status !== undefined) conds.push(eq(schedulerJobs.status, filter.status));
      const limit = Math.max(1, Math.min(filter.limit ?? 100, MAX_LIST));
      return orm
        .select()
        .from(schedulerJobs)
        .where(conds.length > 0 ? and(...conds) : undefined)
        .orderBy(asc(schedulerJobs.runAt), asc(schedulerJobs.id))
        .limit(limit)
        .all()
        .map(toJob);
    },

    handle<P>(type: string, handler: JobHandler<P>) {
      if (handlers.has(type)) throw new Error(`A handler for job type "${type}" is already registered.`);
      const h = handler as JobHandler<unknown>;
      handlers.set(type, h);
      arm();
      return () => {
        if (handlers.get(type) === h) {
          handlers.delete(type);
          arm();
        }
      };
    },
  };
}
