import { eq } from 'drizzle-orm';
import type { Db } from '#core/db/types.ts';
import { guilds } from './schema.ts';

export type GuildRow = typeof guilds.$inferSelect;

/** Rows of guilds the bot is or was in. Leaving keeps every row (and the guild's data elsewhere). */
export class GuildStore {
  constructor(private readonly db: Db) {}

  /** Records that the bot is in this guild (on join and at every READY). Returns true if it was new. */
  joined(guild: { id: string; name: string }): boolean {
    const now = Date.now();
    const existing = this.get(guild.id);
    this.db.orm
      .insert(guilds)
      .values({ id: guild.id, name: guild.name, joinedAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: guilds.id,
        set: { name: guild.name, leftAt: null, updatedAt: now, ...(existing?.leftAt ? { joinedAt: now } : {}) },
      })
      .run();
    return existing === undefined;
  }

  left(guildId: string): void {
    const now = Date.now();
    this.db.orm.update(guilds).set({ leftAt: now, updatedAt: now }).where(eq(guilds.id, guildId)).run();
  }

  get(guildId: string): GuildRow | undefined {
    return this.db.orm.select().from(guilds).where(eq(guilds.id, guildId)).get();
  }

  list(): GuildRow[] {
    return this.db.orm.select().from(guilds).all();
  }
}
