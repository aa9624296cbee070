/**
 * Pre-authentication throttle, in front of ssh2: the key exchange is expensive (DHEat), so connections are counted
 * before ssh2 sees them. Limits are read on each connection, so config changes apply at once.
 */
export interface ThrottleLimits {
  /** New connections per IP per window; 0: unlimited. */
  perIp: number;
  windowMs: number;
  /** Connections authenticating at once, across all IPs. */
  maxPreauth: number;
}

export type ThrottleVerdict = { ok: true; release: () => void } | { ok: false; reason: string };

export function createThrottle(limits: () => ThrottleLimits, now: () => number = Date.now) {
  const recent = new Map<string, number[]>();
  let preauth = 0;
  let lastSweep = 0;
  const sweep = (t: number, windowMs: number) => {
    if (t - lastSweep < windowMs) return;
    lastSweep = t;
    for (const [ip, times] of recent) {
      const kept = times.filter((x) => t - x < windowMs);
      if (kept.length) recent.set(ip, kept);
      else recent.delete(ip);
    }
  };
  return {
    admit(ip: string): ThrottleVerdict {
      const l = limits();
      const t = now();
      sweep(t, l.windowMs);
      const times = (recent.get(ip) ?? []).filter((x) => t - x < l.windowMs);
      if (l.perIp > 0 && times.length >= l.perIp) {
        recent.set(ip, times);
        return { ok: false, reason: `more than ${l.perIp} connections from ${ip} in ${l.windowMs / 1000} s` };
      }
      if (preauth >= l.maxPreauth) return { ok: false, reason: `${preauth} connections already authenticating` };
      times.push(t);
      recent.set(ip, times);
      preauth += 1;
      let released = false;
      return {
        ok: true,
        release: () => {
          if (released) return;
          released = true;
          preauth -= 1;
        },
      };
    },
    stats: () => ({ preauth, trackedIps: recent.size }),
  };
}
