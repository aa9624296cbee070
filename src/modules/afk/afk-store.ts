/**
 * AFK entries, mirrored in memory so the message pipeline (return and mention notices) never reads SQLite. Every
 * write goes to SQLite first, then to the mirror.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '#core/db/types.ts';
import { afk } from './schema.ts';

export type AfkEntry = typeof afk.$inferSelect;

export class AfkStore {
  private readonly entries = new Map<string, AfkEntry>();

  constructor(private readonly db: Db) {
    for (const row of db.orm.select().from(afk).all()) this.entries.set(`${row.guildId}:${row.userId}`, row);
  }

  get(guildId: string, userId: string): AfkEntry | undefined {
    return this.entries.get(`${guildId}:${userId}`);
  }

  set(entry: AfkEntry): void {
    this.db.orm
      .insert(afk)
      .values(entry)
      .onConflictDoUpdate({ target: [afk.guildId, afk.userId], set: entry })
      .run();
    this.entries.set(`${entry.guildId}:${entry.userId}`, entry);
  }

  delete(guildId: string, userId: string): AfkEntry | undefined {
    const had = this.get(guildId, userId);
    this.db.orm
      .delete(afk)
      .where(and(eq(afk.guildId, guildId), eq(afk.userId, userId)))
      .run();
    this.entries.delete(`${guildId}:${userId}`);
    return had;
  }
}
