/**
 * Classifies errors from Discord calls. discord.js throws DiscordAPIError/HTTPError with `status`, and
 * RateLimitError with `retryAfter`; the pipeline only needs to know which kind it got.
 */

export type DiscordFailureKind = 'forbidden' | 'not-found' | 'rate-limited' | 'server' | 'other';

export interface DiscordFailure {
  kind: DiscordFailureKind;
  status: number | undefined;
  /** Discord's message ("Missing Permissions", "Unknown Member"). */
  message: string;
  /** Milliseconds Discord asked to wait (429). */
  retryAfterMs: number | undefined;
}

export function classifyDiscordError(err: unknown): DiscordFailure {
  const e = (err ?? {}) as { status?: unknown; retryAfter?: unknown; message?: unknown; name?: unknown };
  const status = typeof e.status === 'number' ? e.status : undefined;
  const message = typeof e.message === 'string' ? e.message : String(err);
  const rateLimited = status === 429 || e.name === 'RateLimitError';
  const retryAfterMs = typeof e.retryAfter === 'number' ? e.retryAfter : undefined;
  let kind: DiscordFailureKind = 'other';
  if (rateLimited) kind = 'rate-limited';
  else if (status === 403) kind = 'forbidden';
  else if (status === 404) kind = 'not-found';
  else if (status !== undefined && status >= 500) kind = 'server';
  return { kind, status, message, retryAfterMs };
}

export function isRetryable(failure: DiscordFailure): boolean {
  return failure.kind === 'rate-limited' || failure.kind === 'server';
}
