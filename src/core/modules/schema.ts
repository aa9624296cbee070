import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Enabled/disabled switches of feature modules. guild_id '' is the global switch. */
export const moduleState = sqliteTable(
  'module_state',
  {
    module: text('module').notNull(),
    guildId: text('guild_id').notNull().default(''),
    enabled: integer('enabled', { mode: 'boolean' }).notNull(),
    updatedAt: integer('updated_at').notNull(),
    updatedBy: text('updated_by').notNull().default('system'),
  },
  (t) => [primaryKey({ columns: [t.module, t.guildId] })],
);
