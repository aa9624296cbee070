import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** XP and level of each member per guild; `hidden` is the member's leaderboard opt-out. */
export const levels = sqliteTable(
  'levels',
  {
    guildId: text('guild_id').notNull(),
    userId: text('user_id').notNull(),
    xp: real('xp').notNull().default(0),
    level: integer('level').notNull().default(0),
    blacklisted: integer('blacklisted', { mode: 'boolean' }).notNull().default(false),
    hidden: integer('hidden', { mode: 'boolean' }).notNull().default(false),
    lastMessageAt: integer('last_message_at').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.userId] }), index('levels_guild_xp').on(t.guildId, t.xp)],
);
