/**
 * Pre-authentication throttle, in front of ssh2: the key exchange is expensive (DHEat), so connections are counted
 * before ssh2 sees them. Like OpenSSH's per-source penalties, what counts is a connection that does not end in a
 * login: a successful login is forgiven, so a script running `ssh tux@host status` in a loop is never throttled.
 * A global budget bounds the key exchanges a flood from many addresses can cost per window. Limits are read on
 * each connection, so config changes apply at once.
 *
 * A connection from this machine itself (its source address is the address it reached, as for `tux console` over
 * loopback) has pre-auth slots of its own and is outside the global budget: a flood from elsewhere, even one
 * whose clients send their banner and then stall the key exchange until the login grace time, cannot lock the
 * local admin out. It still counts against its own address.
 */
/** Pre-auth slots kept for connections from this machine, beside `maxPreauth`. */
export const LOCAL_PREAUTH_SLOTS = 4;

export interface ThrottleLimits {
  /** Unforgiven connections per IP per window; 0: unlimited. */
  perIp: number;
  /** Unforgiven connections per window across all IPs; 0: unlimited. */
  global: number;
  windowMs: number;
  /** Connections authenticating at once, across all IPs. */
  maxPreauth: number;
}

export type ThrottleVerdict =
  | {
      ok: true;
      /** Frees the pre-auth slot (banner, key exchange and login are over, one way or the other). */
      release: () => void;
      /** The connection logged in: it no longer counts against its address or the global budget. */
      forgive: () => void;
    }
  | { ok: false; reason: string; kind: 'per-ip' | 'global' | 'preauth' };

export function createThrottle(limits: () => ThrottleLimits, now: () => number = Date.now) {
  const recent = new Map<string, number[]>();
  let globalRecent: number[] = [];
  let preauth = 0;
  let localPreauth = 0;
  let lastSweep = 0;
  const sweep = (t: number, windowMs: number) => {
    globalRecent = globalRecent.filter((x) => t - x < windowMs);
    if (t - lastSweep < windowMs) return;
    lastSweep = t;
    for (const [ip, times] of recent) {
      const kept = times.filter((x) => t - x < windowMs);
      if (kept.length) recent.set(ip, kept);
      else recent.delete(ip);
    }
  };
  const removeOne = (list: number[] | undefined, stamp: number) => {
    const i = list?.indexOf(stamp) ?? -1;
    if (list && i >= 0) list.splice(i, 1);
  };
  return {
    /** `local`: the connection comes from this machine (see above). */
    admit(ip: string, local = false): ThrottleVerdict {
      const l = limits();
      const t = now();
      sweep(t, l.windowMs);
      const secs = l.windowMs / 1000;
      const times = (recent.get(ip) ?? []).filter((x) => t - x < l.windowMs);
      recent.set(ip, times);
      if (l.perIp > 0 && times.length >= l.perIp) {
        return { ok: false, kind: 'per-ip', reason: `more than ${l.perIp} connections from ${ip} in ${secs} s` };
      }
      if (!local && l.global > 0 && globalRecent.length >= l.global) {
        return {
          ok: false,
          kind: 'global',
          reason: `more than ${l.global} key exchanges from all addresses in ${secs} s`,
        };
      }
      if (local && localPreauth >= LOCAL_PREAUTH_SLOTS) {
        return { ok: false, kind: 'preauth', reason: `${localPreauth} local connections already authenticating` };
      }
      if (!local && preauth >= l.maxPreauth) {
        return { ok: false, kind: 'preauth', reason: `${preauth} connections already authenticating` };
      }
      times.push(t);
      if (!local) globalRecent.push(t);
      if (local) localPreauth += 1;
      else preauth += 1;
      let released = false;
      let forgiven = false;
      return {
        ok: true,
        release: () => {
          if (released) return;
          released = true;
          if (local) localPreauth -= 1;
          else preauth -= 1;
        },
        forgive: () => {
          if (forgiven) return;
          forgiven = true;
          removeOne(recent.get(ip), t);
          if (!local) removeOne(globalRecent, t);
        },
      };
    },
    stats: () => ({ preauth, localPreauth, trackedIps: recent.size, recentGlobal: globalRecent.length }),
  };
}
