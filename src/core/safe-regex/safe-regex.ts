/**
 * A small pool of worker threads that compile and run user-supplied regexes (automod rules, status-role patterns)
 * with a time limit per pattern. A pattern that runs past the limit is reported by id so its owner can disable it;
 * the stuck worker is ended and a fresh one takes its place, and the remaining patterns of that check go on there.
 * The main thread only ever compiles a pattern to check its syntax; it never runs one.
 */
import { Worker } from 'node:worker_threads';
import type { Health } from '../services/types.ts';
import type { RegexPattern, RegexTestResult, RegexValidation, SafeRegex, SafeRegexOptions } from './types.ts';
import { checkPatternSyntax, SAMPLE_TEXTS } from './validate-pattern.ts';
import { WORKER_SOURCE } from './worker-source.ts';

interface Job {
  patterns: readonly RegexPattern[];
  text: string;
  /** Position in patterns of the first pattern not yet tried. */
  next: number;
  result: RegexTestResult;
  resolve: (r: RegexTestResult) => void;
}

interface Slot {
  worker: Worker;
  progress: Int32Array;
  started: Float64Array;
  job: Job | null;
  /** Position in job.patterns of the first pattern sent in the current run. */
  base: number;
  runId: number;
  watchdog: NodeJS.Timeout | null;
  idleTimer: NodeJS.Timeout | null;
}

const IDLE_MS = 60_000;

interface DoneMessage {
  id: number;
  matched: number;
  errors: number[];
}

export function createSafeRegex(opts: SafeRegexOptions = {}): SafeRegex {
  const timeoutMs = opts.timeoutMs ?? 100;
  const maxWorkers = Math.max(1, opts.workers ?? 1);
  const maxPatternLength = opts.maxPatternLength ?? 500;
  const maxTextLength = opts.maxTextLength ?? 4000;
  const slots: Slot[] = [];
  const queue: Job[] = [];
  const stats = { checks: 0, timeouts: 0, replaced: 0, crashes: 0 };
  let runIds = 0;

  function startWorker(): Pick<Slot, 'worker' | 'progress' | 'started'> {
    const progressBuf = new SharedArrayBuffer(4);
    const startedBuf = new SharedArrayBuffer(8);
    const progress = new Int32Array(progressBuf);
    progress[0] = -1;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { progress: progressBuf, started: startedBuf },
      resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 },
    });
    worker.unref();
    return { worker, progress, started: new Float64Array(startedBuf) };
  }

  function listen(slot: Slot): void {
    const w = slot.worker;
    w.on('message', (msg: DoneMessage) => onDone(slot, w, msg));
    w.on('error', () => onCrash(slot, w));
    w.on('exit', () => onCrash(slot, w));
  }

  function spawn(): Slot {
    const slot: Slot = { ...startWorker(), job: null, base: 0, runId: 0, watchdog: null, idleTimer: null };
    listen(slot);
    return slot;
  }

  function endWorker(w: Worker): Promise<number> {
    w.removeAllListeners();
    w.on('error', () => {});
    return w.terminate();
  }

  function finish(slot: Slot, job: Job): void {
    slot.job = null;
    job.resolve(job.result);
    pump();
    if (slot.job === null && slots.includes(slot)) {
      slot.idleTimer = setTimeout(() => retire(slot), IDLE_MS);
      slot.idleTimer.unref();
    }
  }

  function onDone(slot: Slot, worker: Worker, msg: DoneMessage): void {
    const job = slot.job;
    if (slot.worker !== worker || job === null || msg.id !== slot.runId) return;
    if (slot.watchdog) clearTimeout(slot.watchdog);
    slot.watchdog = null;
    for (const i of msg.errors) {
      const p = job.patterns[slot.base + i];
      if (p) job.result.invalid.push(p.id);
    }
    if (msg.matched >= 0) job.result.matched = slot.base + msg.matched;
    finish(slot, job);
  }

  /** Ends the slot's worker and gives the slot a new one, keeping its place in the pool. */
  function replaceWorker(slot: Slot): void {
    void endWorker(slot.worker);
    Object.assign(slot, startWorker());
    listen(slot);
    stats.replaced++;
  }

  function onCrash(slot: Slot, worker: Worker): void {
    if (slot.worker !== worker) return;
    if (slot.watchdog) clearTimeout(slot.watchdog);
    slot.watchdog = null;
    const job = slot.job;
    const i = slots.indexOf(slot);
    if (i >= 0) slots.splice(i, 1);
    if (job) {
      stats.crashes++;
      finish(slot, job);
    }
  }

  function run(slot: Slot, job: Job): void {
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    slot.job = job;
    slot.base = job.next;
    slot.runId = ++runIds;
    const patterns = job.patterns.slice(job.next).map((p) => ({ source: p.source, flags: p.flags ?? '' }));
    slot.worker.postMessage({ id: slot.runId, patterns, text: job.text });
    arm(slot, timeoutMs);
  }

  function arm(slot: Slot, ms: number): void {
    slot.watchdog = setTimeout(() => watch(slot), Math.max(1, ms));
  }

  function watch(slot: Slot): void {
    slot.watchdog = null;
    const job = slot.job;
    if (job === null) return;
    const index = Atomics.load(slot.progress, 0);
    if (index < 0) {
      arm(slot, timeoutMs);
      return;
    }
    const elapsed = performance.timeOrigin + performance.now() - (slot.started[0] ?? 0);
    if (elapsed < timeoutMs) {
      arm(slot, timeoutMs - elapsed + 1);
      return;
    }
    const culprit = job.patterns[slot.base + index];
    if (culprit) job.result.timedOut.push(culprit.id);
    stats.timeouts++;
    replaceWorker(slot);
    job.next = slot.base + index + 1;
    if (job.next >= job.patterns.length) finish(slot, job);
    else run(slot, job);
  }

  function pump(): void {
    while (queue.length > 0) {
      let slot = slots.find((s) => s.job === null);
      if (!slot && slots.length < maxWorkers) {
        slot = spawn();
        slots.push(slot);
      }
      if (!slot) return;
      const job = queue.shift();
      if (job) run(slot, job);
    }
  }

  function retire(slot: Slot): void {
    if (slot.job !== null) return;
    const i = slots.indexOf(slot);
    if (i >= 0) slots.splice(i, 1);
    void endWorker(slot.worker);
  }

  function test(patterns: readonly RegexPattern[], text: string): Promise<RegexTestResult> {
    const result: RegexTestResult = { matched: -1, timedOut: [], invalid: [] };
    if (patterns.length === 0) return Promise.resolve(result);
    stats.checks++;
    return new Promise((resolve) => {
      queue.push({ patterns, text: text.slice(0, maxTextLength), next: 0, result, resolve });
      pump();
    });
  }

  async function validate(source: string, flags = ''): Promise<RegexValidation> {
    const syntax = checkPatternSyntax(source, flags, maxPatternLength);
    if (!syntax.ok) return syntax;
    for (const sample of SAMPLE_TEXTS) {
      const r = await test([{ id: 'sample', source, flags }], sample);
      if (r.timedOut.length > 0)
        return {
          ok: false,
          reason: 'timeout',
          message: `The pattern took longer than ${timeoutMs} ms on a short sample text (catastrophic backtracking). Simplify it, e.g. avoid nested repeats like (a+)+.`,
        };
    }
    return { ok: true };
  }

  async function close(): Promise<void> {
    const all = slots.splice(0);
    for (const job of queue.splice(0)) job.resolve(job.result);
    await Promise.all(
      all.map(async (slot) => {
        if (slot.watchdog) clearTimeout(slot.watchdog);
        if (slot.idleTimer) clearTimeout(slot.idleTimer);
        const job = slot.job;
        slot.job = null;
        job?.resolve(job.result);
        await endWorker(slot.worker);
      }),
    );
  }

  function health(): Health {
    const busy = slots.filter((s) => s.job !== null).length;
    const stopped = stats.timeouts > 0 ? `; ${stats.timeouts} ran past ${timeoutMs} ms and were stopped` : '';
    return {
      status: 'ok',
      detail: `${slots.length} worker${slots.length === 1 ? '' : 's'} (${busy} busy, ${queue.length} queued), ${stats.checks} checks${stopped}`,
      metrics: { workers: slots.length, busy, queued: queue.length, ...stats },
    };
  }

  return {
    name: 'safe-regex',
    async start() {},
    stop: close,
    health,
    validate,
    test,
    close,
  };
}
