/**
 * Audit rows for connections that never log in, folded under a flood: the first `budget` rows of a window are
 * written as they come; past that they are counted, and one `ssh.flood` summary row per window says how many were
 * folded, from how many addresses, and how many connections the throttle refused outright.
 */
import type { AuditInput } from '#core/audit/types.ts';

export interface FloodAuditOptions {
  budget: number;
  windowMs: number;
  record(row: AuditInput): void;
  now?: () => number;
}

const SAMPLE_ADDRESSES = 5;

export function createFloodAudit(opts: FloodAuditOptions) {
  const now = opts.now ?? Date.now;
  let windowStart = now();
  let written = 0;
  let folded = 0;
  let refused = 0;
  const addresses = new Set<string>();
  const reasons = new Map<string, number>();
  let timer: NodeJS.Timeout | null = null;

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (folded > 0 || refused > 0) {
      opts.record({
        actor: 'anonymous',
        action: 'ssh.flood',
        outcome: 'denied',
        details: {
          window_seconds: Math.round((now() - windowStart) / 1000),
          folded_rows: folded,
          refused_connections: refused,
          addresses: addresses.size,
          sample: [...addresses].slice(0, SAMPLE_ADDRESSES),
          reasons: Object.fromEntries(reasons),
        },
      });
    }
    windowStart = now();
    written = 0;
    folded = 0;
    refused = 0;
    addresses.clear();
    reasons.clear();
  };
  const roll = () => {
    if (now() - windowStart >= opts.windowMs) flush();
    if (!timer) {
      timer = setTimeout(flush, Math.max(0, opts.windowMs - (now() - windowStart)));
      timer.unref();
    }
  };
  const remember = (ip: string, reason: string) => {
    if (addresses.size < 10_000) addresses.add(ip);
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  };

  return {
    /** A row about a connection that did not log in: written, or folded into the window's summary. */
    note(row: AuditInput, ip: string): void {
      roll();
      if (written < opts.budget) {
        written += 1;
        opts.record(row);
        return;
      }
      folded += 1;
      remember(ip, String(row.details?.reason ?? row.action));
    },
    /** A connection the throttle refused before the SSH handshake. */
    refused(ip: string, reason: string): void {
      roll();
      refused += 1;
      remember(ip, reason);
    },
    /** Writes the pending summary now (on shutdown). */
    flush,
  };
}
