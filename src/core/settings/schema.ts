import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Per-guild module settings: only the keys a guild changed, as JSON; defaults come from the module's schema. */
export const guildSettings = sqliteTable(
  'guild_settings',
  {
    guildId: text('guild_id').notNull(),
    module: text('module').notNull(),
    /** JSON object of the keys set for this guild. */
    value: text('value').notNull(),
    updatedAt: integer('updated_at').notNull(),
    updatedBy: text('updated_by').notNull().default('system'),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.module] })],
);
