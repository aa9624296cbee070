import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** The starboard post of a starred message (one per message: the primary key). */
export const starboardPosts = sqliteTable('starboard_posts', {
  messageId: text('message_id').primaryKey(),
  guildId: text('guild_id').notNull(),
  channelId: text('channel_id').notNull(),
  authorId: text('author_id').notNull(),
  postId: text('post_id'),
  stars: integer('stars').notNull().default(0),
  updatedAt: integer('updated_at').notNull(),
});
