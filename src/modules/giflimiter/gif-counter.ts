/**
 * The GIF counts, in memory as in Tux: timestamps of recent GIFs per channel and per member and channel. A member's
 * count covers that channel only (Tux counted a member's GIFs across every channel).
 */

export type GifVerdict = 'channel' | 'user' | null;

export interface GifLimits {
  windowMs: number;
  /** GIFs allowed in the channel within the window; null = no channel limit. */
  channelLimit: number | null;
  /** GIFs one member may post in the channel within the window; null = no member limit. */
  userLimit: number | null;
}

/** Keys pruned in one sweep once this many are held, so idle channels and members do not pile up. */
const SWEEP_AT = 5_000;

export class GifCounter {
  private readonly recent = new Map<string, number[]>();
  private longestWindowMs = 0;

  /**
   * Decides on one GIF: over the channel limit → 'channel', else over the member's limit in this channel → 'user';
   * otherwise it is counted and allowed (null). A refused GIF is not counted, as in Tux.
   */
  check(guildId: string, channelId: string, userId: string, limits: GifLimits, now = Date.now()): GifVerdict {
    if (limits.channelLimit === null && limits.userLimit === null) return null;
    this.longestWindowMs = Math.max(this.longestWindowMs, limits.windowMs);
    const channelKey = `${guildId}:${channelId}`;
    const userKey = `${guildId}:${channelId}:${userId}`;
    const inChannel = this.live(channelKey, now, limits.windowMs);
    if (limits.channelLimit !== null && inChannel.length >= limits.channelLimit) return 'channel';
    const byUser = this.live(userKey, now, limits.windowMs);
    if (limits.userLimit !== null && byUser.length >= limits.userLimit) return 'user';
    inChannel.push(now);
    byUser.push(now);
    this.recent.set(channelKey, inChannel);
    this.recent.set(userKey, byUser);
    if (this.recent.size > SWEEP_AT) this.sweep(now);
    return null;
  }

  /** Recent GIFs counted in a channel (for the console). */
  count(guildId: string, channelId: string, windowMs: number, now = Date.now()): number {
    return this.live(`${guildId}:${channelId}`, now, windowMs).length;
  }

  get size(): number {
    return this.recent.size;
  }

  /** Drops every timestamp older than the longest window in use (Tux's 20-second cleanup loop). */
  sweep(now = Date.now()): void {
    for (const [key, times] of this.recent) {
      const kept = times.filter((t) => now - t < this.longestWindowMs);
      if (kept.length === 0) this.recent.delete(key);
      else this.recent.set(key, kept);
    }
  }

  private live(key: string, now: number, windowMs: number): number[] {
    return (this.recent.get(key) ?? []).filter((t) => now - t < windowMs);
  }
}
