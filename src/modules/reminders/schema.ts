import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** A member's reminder; it fires through the durable job `reminder.fire` (key "reminder:<id>") and is then deleted. */
export const reminders = sqliteTable(
  'reminders',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id').notNull(),
    /** Null when set in DMs. */
    guildId: text('guild_id'),
    channelId: text('channel_id').notNull(),
    content: text('content').notNull(),
    remindAt: integer('remind_at').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('reminders_user').on(t.userId)],
);
