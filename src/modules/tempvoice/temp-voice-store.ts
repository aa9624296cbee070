/**
 * The temp channels temp voice made, in SQLite (so a restart knows them) and mirrored in memory (a voice event
 * asks "is this one of ours?" without reading SQLite). Every write goes to SQLite first.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '#core/db/types.ts';
import { tempVoiceChannels } from './schema.ts';

export type TempChannel = typeof tempVoiceChannels.$inferSelect;

export class TempVoiceStore {
  private readonly byChannel = new Map<string, TempChannel>();

  constructor(private readonly db: Db) {
    for (const row of db.orm.select().from(tempVoiceChannels).all()) this.byChannel.set(row.channelId, row);
  }

  has(channelId: string): boolean {
    return this.byChannel.has(channelId);
  }

  add(row: TempChannel): void {
    this.db.orm.insert(tempVoiceChannels).values(row).onConflictDoNothing().run();
    this.byChannel.set(row.channelId, row);
  }

  remove(channelId: string): void {
    this.db.orm.delete(tempVoiceChannels).where(eq(tempVoiceChannels.channelId, channelId)).run();
    this.byChannel.delete(channelId);
  }

  /** A guild's temp channels, oldest first (all guilds when guildId is null). */
  list(guildId: string | null = null): TempChannel[] {
    return [...this.byChannel.values()]
      .filter((r) => guildId === null || r.guildId === guildId)
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  ownedBy(guildId: string, userId: string): TempChannel | undefined {
    return this.list(guildId).find((r) => r.ownerId === userId);
  }

  guildIds(): string[] {
    return [...new Set([...this.byChannel.values()].map((r) => r.guildId))];
  }
}
