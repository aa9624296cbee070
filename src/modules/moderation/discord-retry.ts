import { classifyDiscordError, isRetryable } from './discord-errors.ts';

export interface RetryOptions {
  /** Total attempts. Default 3. */
  attempts?: number;
  /** First wait; doubles per attempt, plus up to 10 % jitter. Default 500 ms. */
  baseMs?: number;
  /** Longest single wait. Default 30 s. */
  maxMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs a Discord call, retrying only rate limits (waiting what Discord asked) and server errors with exponential
 * backoff. 403, 404 and other 4xx fail at once: retrying them changes nothing.
 */
export async function withDiscordRetry<T>(fn: () => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const attempts = Math.max(1, opts.attempts ?? 3);
  const base = opts.baseMs ?? 500;
  const max = opts.maxMs ?? 30_000;
  const sleep = opts.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const failure = classifyDiscordError(err);
      if (attempt >= attempts || !isRetryable(failure)) throw err;
      const backoff = base * 2 ** (attempt - 1);
      const wait = Math.min(max, failure.retryAfterMs ?? backoff + Math.random() * backoff * 0.1);
      await sleep(wait);
    }
  }
}
