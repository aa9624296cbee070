import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** A guild's queue, in play order; the lowest position is the track playing (or next to play). */
export const musicQueue = sqliteTable(
  'music_queue',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    guildId: text('guild_id').notNull(),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    /** What ffmpeg opens: an http(s) URL or a file path. */
    url: text('url').notNull(),
    /** Resolver that found it: http, attachment, local, ytdlp. */
    source: text('source').notNull(),
    /** Null for live streams. */
    durationMs: integer('duration_ms'),
    requestedBy: text('requested_by').notNull(),
    addedAt: integer('added_at').notNull(),
  },
  (t) => [index('music_queue_guild').on(t.guildId, t.position)],
);

/** A guild's player: where it plays and how. Present while the bot is in a voice channel; restored at start. */
export const musicSessions = sqliteTable('music_sessions', {
  guildId: text('guild_id').primaryKey(),
  voiceChannelId: text('voice_channel_id').notNull(),
  textChannelId: text('text_channel_id').notNull(),
  volume: integer('volume').notNull(),
  /** off | track | queue */
  loop: text('loop').notNull(),
  paused: integer('paused', { mode: 'boolean' }).notNull(),
  /** Where the current track was when last saved (ms). */
  positionMs: integer('position_ms').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/** A member's saved playlists. */
export const musicPlaylists = sqliteTable(
  'music_playlists',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id').notNull(),
    name: text('name').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('music_playlists_user_name').on(t.userId, t.name)],
);

export const musicPlaylistTracks = sqliteTable(
  'music_playlist_tracks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    playlistId: integer('playlist_id')
      .notNull()
      .references(() => musicPlaylists.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    url: text('url').notNull(),
    source: text('source').notNull(),
    durationMs: integer('duration_ms'),
  },
  (t) => [index('music_playlist_tracks_list').on(t.playlistId, t.position)],
);
