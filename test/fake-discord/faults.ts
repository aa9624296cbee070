/** Fault injection for REST: 429s, 5xx and slow responses on chosen routes, a fixed number of times. */

export interface FaultSpec {
  kind: 'rate-limit' | 'server-error' | 'delay';
  /** HTTP method to match (any if omitted). */
  method?: string;
  /**
   * Route to match (any if omitted): a template as in the spec (`/channels/{channel_id}/messages`), a concrete path
   * (`/channels/123/messages`) or a prefix ending in `*` (`/guilds/*`).
   */
  route?: string;
  /** How many matching requests are affected (default 1). */
  times?: number;
  /** rate-limit: how long the client must wait (default 200 ms). */
  retryAfterMs?: number;
  /** rate-limit: a global limit rather than a per-route one. */
  global?: boolean;
  /** server-error: the status (default 500). */
  status?: number;
  /** delay: milliseconds before the request is handled (default 500). */
  delayMs?: number;
}

export interface ActiveFault extends FaultSpec {
  id: number;
  remaining: number;
  hits: number;
}

export class FaultInjector {
  readonly faults: ActiveFault[] = [];
  #nextId = 1;

  add(spec: FaultSpec): ActiveFault {
    if (!['rate-limit', 'server-error', 'delay'].includes(spec.kind)) {
      throw new Error(`Unknown fault kind "${spec.kind}"; use rate-limit, server-error or delay.`);
    }
    const fault: ActiveFault = { ...spec, id: this.#nextId++, remaining: spec.times ?? 1, hits: 0 };
    this.faults.push(fault);
    return fault;
  }

  clear(): void {
    this.faults.length = 0;
  }

  /** Takes (and counts down) the faults that apply to a request. */
  take(method: string, path: string, route: string | null): ActiveFault[] {
    const hit: ActiveFault[] = [];
    for (const fault of this.faults) {
      if (fault.remaining <= 0) continue;
      if (fault.method && fault.method.toUpperCase() !== method) continue;
      if (fault.route && !routeMatches(fault.route, path, route)) continue;
      fault.remaining -= 1;
      fault.hits += 1;
      hit.push(fault);
    }
    return hit;
  }
}

function routeMatches(pattern: string, path: string, route: string | null): boolean {
  if (pattern.endsWith('*')) return path.startsWith(pattern.slice(0, -1));
  return pattern === route || pattern === path;
}

export function rateLimitResponse(fault: ActiveFault): { headers: Record<string, string>; body: unknown } {
  const seconds = (fault.retryAfterMs ?? 200) / 1000;
  const headers: Record<string, string> = {
    // Discord sends whole seconds here; a decimal keeps tests fast and discord.js reads it as a number.
    'retry-after': String(seconds),
    'x-ratelimit-limit': '1',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset': String((Date.now() / 1000 + seconds).toFixed(3)),
    'x-ratelimit-reset-after': seconds.toFixed(3),
    'x-ratelimit-bucket': `fake-${fault.id}`,
    'x-ratelimit-scope': fault.global ? 'global' : 'user',
  };
  if (fault.global) headers['x-ratelimit-global'] = 'true';
  return {
    headers,
    body: { message: 'You are being rate limited.', retry_after: seconds, global: fault.global ?? false },
  };
}

/**
 * Discord's global limit: a bot may make `perSecond` requests a second (50 on Discord), counted over fixed one-second
 * windows; more answer 429 with `global: true`. Interaction callbacks and interaction webhooks are not counted, as
 * on Discord.
 */
export class GlobalRateLimit {
  #windowStart = 0;
  #count = 0;
  /** Requests refused so far. */
  refused = 0;

  constructor(readonly perSecond: number) {
    if (!Number.isInteger(perSecond) || perSecond < 1) {
      throw new Error(`The global rate limit must be a whole number of requests per second, not ${perSecond}.`);
    }
  }

  /** Counts a request; returns the 429 to send when it is over the limit, else null. */
  take(now = Date.now()): { headers: Record<string, string>; body: unknown } | null {
    if (now - this.#windowStart >= 1000) {
      this.#windowStart = now;
      this.#count = 0;
    }
    this.#count += 1;
    if (this.#count <= this.perSecond) return null;
    this.refused += 1;
    const waitMs = Math.max(1, this.#windowStart + 1000 - now);
    const seconds = waitMs / 1000;
    return {
      headers: {
        'retry-after': seconds.toFixed(3),
        'x-ratelimit-global': 'true',
        'x-ratelimit-scope': 'global',
      },
      body: { message: 'You are being rate limited.', retry_after: seconds, global: true },
    };
  }
}
