import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The bot's gateway session, one row per shard, so a restart after a crash can resume it and get the events it
 * missed. `sequence` is the last event whose handling had finished (every event up to it is done), not the last one
 * received: what was still running when the process died is sent again.
 */
export const gatewaySessions = sqliteTable('gateway_sessions', {
  shardId: integer('shard_id').primaryKey(),
  sessionId: text('session_id').notNull(),
  resumeUrl: text('resume_url').notNull(),
  sequence: integer('sequence').notNull(),
  updatedAt: integer('updated_at').notNull(),
});
