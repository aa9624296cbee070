import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** A guild's shared answers. `alias` names the snippet this one points to (its content is a copy). */
export const snippets = sqliteTable(
  'snippets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    guildId: text('guild_id').notNull(),
    name: text('name').notNull(),
    content: text('content').notNull(),
    authorId: text('author_id').notNull(),
    uses: integer('uses').notNull().default(0),
    locked: integer('locked', { mode: 'boolean' }).notNull().default(false),
    alias: text('alias'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('snippets_guild_name').on(t.guildId, t.name),
    index('snippets_guild_author').on(t.guildId, t.authorId),
  ],
);
