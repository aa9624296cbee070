/**
 * Command prefixes: per guild (stored in the guilds table), else bot.prefix; bot.force_prefix makes bot.prefix
 * apply everywhere. Reads are served from an LRU cache that writes invalidate.
 */
import { eq } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import type { ConfigStore } from '#core/config/types.ts';
import type { Db } from '#core/db/types.ts';
import { UserError } from '../commands/errors.ts';
import { guilds } from '../guilds/schema.ts';

const NONE = '';

export class PrefixStore {
  /** guild id -> stored prefix ('' = none stored). */
  private readonly cache = new LRUCache<string, string>({ max: 10_000 });

  constructor(
    private readonly db: Db,
    private readonly config: ConfigStore,
  ) {}

  defaultPrefix(): string {
    return this.config.current().bot.prefix;
  }

  /** The prefix that applies in a guild (or in DMs for null). */
  get(guildId: string | null): string {
    const bot = this.config.current().bot;
    if (!guildId || bot.force_prefix) return bot.prefix;
    let stored = this.cache.get(guildId);
    if (stored === undefined) {
      stored =
        this.db.orm.select({ prefix: guilds.prefix }).from(guilds).where(eq(guilds.id, guildId)).get()?.prefix ?? NONE;
      this.cache.set(guildId, stored);
    }
    return stored === NONE ? bot.prefix : stored;
  }

  /** Whether the guild's own prefix is ignored because bot.force_prefix is on. */
  forced(): boolean {
    return this.config.current().bot.force_prefix;
  }

  /** Sets a guild's prefix; null resets it to the default. Throws UserError for an invalid prefix. */
  set(guildId: string, prefix: string | null): void {
    if (prefix !== null) validatePrefix(prefix);
    const now = Date.now();
    this.db.orm
      .insert(guilds)
      .values({ id: guildId, prefix, joinedAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: guilds.id, set: { prefix, updatedAt: now } })
      .run();
    this.cache.delete(guildId);
  }

  invalidate(guildId?: string): void {
    if (guildId) this.cache.delete(guildId);
    else this.cache.clear();
  }
}

export function validatePrefix(prefix: string): void {
  if (prefix.length < 1 || prefix.length > 5) {
    throw new UserError(
      'prefix.length',
      `A prefix is 1 to 5 characters; \`${prefix.slice(0, 10)}\` has ${prefix.length}.`,
    );
  }
  if (/\s/.test(prefix) || /[`]/.test(prefix)) {
    throw new UserError('prefix.characters', 'A prefix cannot contain spaces or backticks.');
  }
  if (/^<[@#]/.test(prefix)) throw new UserError('prefix.characters', 'A prefix cannot look like a mention.');
}
