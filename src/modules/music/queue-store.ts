/** The persisted queue and player state of each guild (SQLite), so a restart picks up where it was. */
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '#core/db/types.ts';
import { musicQueue, musicSessions } from './schema.ts';
import type { LoopMode } from './settings.ts';

export type QueuedTrack = typeof musicQueue.$inferSelect;
export type MusicSessionRow = typeof musicSessions.$inferSelect;
export interface NewTrack {
  title: string;
  url: string;
  source: string;
  durationMs: number | null;
}

export function listQueue(db: Db, guildId: string): QueuedTrack[] {
  return db.orm
    .select()
    .from(musicQueue)
    .where(eq(musicQueue.guildId, guildId))
    .orderBy(asc(musicQueue.position), asc(musicQueue.id))
    .all();
}

export function queueLength(db: Db, guildId: string): number {
  return (
    db.orm.select({ n: sql<number>`count(*)` }).from(musicQueue).where(eq(musicQueue.guildId, guildId)).get()?.n ?? 0
  );
}

export function headOf(db: Db, guildId: string): QueuedTrack | undefined {
  return listQueue(db, guildId)[0];
}

/** Appends tracks, refusing the whole batch when it would pass `max`. Returns the new rows. */
export function enqueue(
  db: Db,
  guildId: string,
  requestedBy: string,
  tracks: NewTrack[],
  max: number,
): QueuedTrack[] | 'full' {
  return db.sqlite.transaction(() => {
    if (queueLength(db, guildId) + tracks.length > max) return 'full' as const;
    const last =
      db.orm
        .select({ p: sql<number>`max(${musicQueue.position})` })
        .from(musicQueue)
        .where(eq(musicQueue.guildId, guildId))
        .get()?.p ?? -1;
    return tracks.map((t, i) =>
      db.orm
        .insert(musicQueue)
        .values({ ...t, guildId, requestedBy, position: (last ?? -1) + 1 + i, addedAt: Date.now() })
        .returning()
        .get(),
    );
  })();
}

/** Rewrites positions 0..n-1 in the given order. */
function renumber(db: Db, rows: QueuedTrack[]): void {
  rows.forEach((row, i) => {
    db.orm.update(musicQueue).set({ position: i }).where(eq(musicQueue.id, row.id)).run();
  });
}

/** The head finished: drop it, or (loop queue) send it to the back. Track loop keeps it. */
export function advance(db: Db, guildId: string, loop: LoopMode): void {
  db.sqlite.transaction(() => {
    const rows = listQueue(db, guildId);
    const head = rows[0];
    if (!head || loop === 'track') return;
    if (loop === 'queue') renumber(db, [...rows.slice(1), head]);
    else db.orm.delete(musicQueue).where(eq(musicQueue.id, head.id)).run();
  })();
}

/** Removes the track at a 1-based index of the upcoming list (1 = the track after the current one). */
export function removeAt(db: Db, guildId: string, index: number): QueuedTrack | null {
  return db.sqlite.transaction(() => {
    const rows = listQueue(db, guildId);
    const row = rows[index];
    if (!row || index < 1) return null;
    db.orm.delete(musicQueue).where(eq(musicQueue.id, row.id)).run();
    return row;
  })();
}

/** Moves an upcoming track (1-based) to another upcoming slot. */
export function moveTrack(db: Db, guildId: string, from: number, to: number): QueuedTrack | null {
  return db.sqlite.transaction(() => {
    const rows = listQueue(db, guildId);
    if (from < 1 || to < 1 || from >= rows.length || to >= rows.length) return null;
    const [row] = rows.splice(from, 1);
    rows.splice(to, 0, row!);
    renumber(db, rows);
    return row!;
  })();
}

/** Shuffles the upcoming tracks (the current one stays first). */
export function shuffleUpcoming(db: Db, guildId: string, random: () => number = Math.random): number {
  return db.sqlite.transaction(() => {
    const rows = listQueue(db, guildId);
    const upcoming = rows.slice(1);
    for (let i = upcoming.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [upcoming[i], upcoming[j]] = [upcoming[j]!, upcoming[i]!];
    }
    renumber(db, [...rows.slice(0, 1), ...upcoming]);
    return upcoming.length;
  })();
}

export function clearQueue(db: Db, guildId: string): void {
  db.orm.delete(musicQueue).where(eq(musicQueue.guildId, guildId)).run();
}

/** Drops everything after the head (used by stop's "clear the rest"). */
export function clearUpcoming(db: Db, guildId: string): void {
  const head = headOf(db, guildId);
  if (!head) return;
  db.orm
    .delete(musicQueue)
    .where(and(eq(musicQueue.guildId, guildId), gt(musicQueue.position, head.position)))
    .run();
}

export function getSession(db: Db, guildId: string): MusicSessionRow | undefined {
  return db.orm.select().from(musicSessions).where(eq(musicSessions.guildId, guildId)).get();
}

export function listSessions(db: Db): MusicSessionRow[] {
  return db.orm.select().from(musicSessions).all();
}

export function saveSession(db: Db, row: Omit<MusicSessionRow, 'updatedAt'>): void {
  const values = { ...row, updatedAt: Date.now() };
  db.orm.insert(musicSessions).values(values).onConflictDoUpdate({ target: musicSessions.guildId, set: values }).run();
}

export function deleteSession(db: Db, guildId: string): void {
  db.orm.delete(musicSessions).where(eq(musicSessions.guildId, guildId)).run();
}
