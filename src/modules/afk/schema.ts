import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Members marked AFK. `enforced` = a self-timeout (cannot be cleared early); `perm` = not cleared by chatting. */
export const afk = sqliteTable(
  'afk',
  {
    guildId: text('guild_id').notNull(),
    userId: text('user_id').notNull(),
    nickname: text('nickname'),
    reason: text('reason').notNull(),
    since: integer('since').notNull(),
    until: integer('until'),
    enforced: integer('enforced', { mode: 'boolean' }).notNull().default(false),
    perm: integer('perm', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.userId] })],
);
