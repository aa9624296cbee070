/**
 * One bound on the cached messages of all channels together. Each channel keeps up to `perChannel` messages (a
 * discord.js LimitedCollection); on top of that, when the whole cache holds more than `total`, the oldest cached
 * message of any channel goes. A quiet server keeps every channel's recent messages; a server with hundreds of
 * busy channels keeps `total` messages, not hundreds × `perChannel`. A message that is not cached arrives as a
 * partial or is fetched, as with the per-channel limit.
 */
import type { LimitedCollection } from 'discord.js';
import type { DiscordJsLib } from './discord-lib.ts';

export type MessageCache = LimitedCollection<string, unknown>;

/** A factory of per-channel message caches sharing one total; message ids are unique across channels. */
export function messageBudget(
  lib: Pick<DiscordJsLib, 'LimitedCollection'>,
  perChannel: number,
  total: number,
): () => MessageCache {
  // Every cached message id, oldest first (a Map keeps insertion order), with the channel cache that holds it.
  const order = new Map<string, BudgetedCache>();
  class BudgetedCache extends lib.LimitedCollection<string, unknown> {
    override set(key: string, value: unknown): this {
      if (this.maxSize === 0) return this;
      super.set(key, value);
      if (!super.has(key)) return this;
      order.delete(key);
      order.set(key, this);
      while (order.size > total) {
        const [oldest, holder] = order.entries().next().value as [string, BudgetedCache];
        order.delete(oldest);
        holder.delete(oldest);
      }
      return this;
    }

    override delete(key: string): boolean {
      if (order.get(key) === this) order.delete(key);
      return super.delete(key);
    }

    override clear(): void {
      for (const key of this.keys()) if (order.get(key) === this) order.delete(key);
      super.clear();
    }
  }
  return () => new BudgetedCache({ maxSize: Math.min(perChannel, total) }) as MessageCache;
}
