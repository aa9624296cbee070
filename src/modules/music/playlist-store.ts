/** Members' saved playlists (SQLite): a name per member and an ordered list of resolved tracks. */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '#core/db/types.ts';
import type { NewTrack } from './queue-store.ts';
import { musicPlaylists, musicPlaylistTracks } from './schema.ts';

export const PLAYLIST_NAME = /^[\p{L}\p{N}_-]{1,32}$/u;
export const MAX_PLAYLISTS = 25;
export const MAX_PLAYLIST_TRACKS = 200;

export type Playlist = typeof musicPlaylists.$inferSelect;
export type PlaylistTrack = typeof musicPlaylistTracks.$inferSelect;

export function listPlaylists(db: Db, userId: string): (Playlist & { tracks: number })[] {
  return db.orm
    .select({
      id: musicPlaylists.id,
      userId: musicPlaylists.userId,
      name: musicPlaylists.name,
      createdAt: musicPlaylists.createdAt,
      tracks: sql<number>`(SELECT count(*) FROM music_playlist_tracks t WHERE t.playlist_id = music_playlists.id)`,
    })
    .from(musicPlaylists)
    .where(eq(musicPlaylists.userId, userId))
    .orderBy(asc(sql`lower(${musicPlaylists.name})`))
    .all();
}

/** A member's playlist by name, ignoring case. */
export function findPlaylist(db: Db, userId: string, name: string): Playlist | undefined {
  return db.orm
    .select()
    .from(musicPlaylists)
    .where(and(eq(musicPlaylists.userId, userId), sql`lower(${musicPlaylists.name}) = lower(${name})`))
    .get();
}

export function createPlaylist(db: Db, userId: string, name: string): Playlist | 'exists' | 'too-many' {
  return db.sqlite.transaction(() => {
    if (findPlaylist(db, userId, name)) return 'exists' as const;
    if (listPlaylists(db, userId).length >= MAX_PLAYLISTS) return 'too-many' as const;
    return db.orm.insert(musicPlaylists).values({ userId, name, createdAt: Date.now() }).returning().get();
  })();
}

export function deletePlaylist(db: Db, playlistId: number): void {
  db.sqlite.transaction(() => {
    db.orm.delete(musicPlaylistTracks).where(eq(musicPlaylistTracks.playlistId, playlistId)).run();
    db.orm.delete(musicPlaylists).where(eq(musicPlaylists.id, playlistId)).run();
  })();
}

export function playlistTracks(db: Db, playlistId: number): PlaylistTrack[] {
  return db.orm
    .select()
    .from(musicPlaylistTracks)
    .where(eq(musicPlaylistTracks.playlistId, playlistId))
    .orderBy(asc(musicPlaylistTracks.position), asc(musicPlaylistTracks.id))
    .all();
}

/** Appends tracks, all or none: refuses a track already in the list (same link or file) or going past the limit. */
export function addPlaylistTracks(
  db: Db,
  playlistId: number,
  tracks: NewTrack[],
): PlaylistTrack[] | { duplicate: PlaylistTrack } | 'full' {
  return db.sqlite.transaction(() => {
    const rows = playlistTracks(db, playlistId);
    for (const t of tracks) {
      const duplicate = rows.find((r) => r.url === t.url);
      if (duplicate) return { duplicate };
    }
    if (rows.length + tracks.length > MAX_PLAYLIST_TRACKS) return 'full' as const;
    const last = rows.at(-1)?.position ?? -1;
    return tracks.map((t, i) =>
      db.orm
        .insert(musicPlaylistTracks)
        .values({ ...t, playlistId, position: last + 1 + i })
        .returning()
        .get(),
    );
  })();
}

/** Removes the track at a 1-based number. */
export function removePlaylistTrack(db: Db, playlistId: number, number: number): PlaylistTrack | null {
  return db.sqlite.transaction(() => {
    const row = playlistTracks(db, playlistId)[number - 1];
    if (!row || number < 1) return null;
    db.orm.delete(musicPlaylistTracks).where(eq(musicPlaylistTracks.id, row.id)).run();
    return row;
  })();
}
