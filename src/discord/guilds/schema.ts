import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Guilds the bot is or was in. Leaving a guild only sets left_at: its data is kept. */
export const guilds = sqliteTable('guilds', {
  id: text('id').primaryKey(),
  name: text('name').notNull().default(''),
  /** Per-guild command prefix; null = the configured default. */
  prefix: text('prefix'),
  joinedAt: integer('joined_at').notNull(),
  leftAt: integer('left_at'),
  updatedAt: integer('updated_at').notNull(),
});
