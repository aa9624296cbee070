import { integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Named permission ranks (0–10) of a guild. */
export const permissionRanks = sqliteTable(
  'permission_ranks',
  {
    guildId: text('guild_id').notNull(),
    rank: integer('rank').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.rank] }), uniqueIndex('permission_ranks_name').on(t.guildId, t.name)],
);

/** Discord role -> rank. A member's rank is the highest over their roles. */
export const permissionAssignments = sqliteTable(
  'permission_assignments',
  {
    guildId: text('guild_id').notNull(),
    roleId: text('role_id').notNull(),
    rank: integer('rank').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.roleId] })],
);

/** Command (qualified name, "config ranks init") -> required rank, overriding the command's default. */
export const permissionCommands = sqliteTable(
  'permission_commands',
  {
    guildId: text('guild_id').notNull(),
    command: text('command').notNull(),
    rank: integer('rank').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.command] })],
);
