import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Last case number handed out per guild. Numbers come from here only, inside one write transaction. */
export const caseCounters = sqliteTable('case_counters', {
  guildId: text('guild_id').primaryKey(),
  lastNumber: integer('last_number').notNull().default(0),
});

/**
 * Moderation cases. `number` is per guild and never reused (voided cases keep theirs). `type` is a registered case
 * type name ("BAN", "WARN", or one a module added). Times are epoch milliseconds; JSON columns are text so the table
 * ports to PostgreSQL unchanged.
 */
export const cases = sqliteTable(
  'cases',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    guildId: text('guild_id').notNull(),
    number: integer('number').notNull(),
    type: text('type').notNull(),
    userId: text('user_id').notNull(),
    moderatorId: text('moderator_id').notNull(),
    reason: text('reason').notNull(),
    /** True while the case is in force (an unexpired tempban, a jail not yet lifted) or simply valid. */
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    /** Expiry handling is done (the tempban was lifted, the timeout ended). */
    processed: integer('processed', { mode: 'boolean' }).notNull().default(false),
    expiresAt: integer('expires_at'),
    /** Role ids taken away by a jail, restored by the unjail. JSON array of strings. */
    userRoles: text('user_roles').notNull().default('[]'),
    /** Anything else an action wants to keep (purge days, escalation rule, void cause). JSON object. */
    metadata: text('metadata').notNull().default('{}'),
    modLogChannelId: text('mod_log_channel_id'),
    modLogMessageId: text('mod_log_message_id'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('cases_guild_number_idx').on(t.guildId, t.number),
    index('cases_guild_user_idx').on(t.guildId, t.userId, t.number),
    index('cases_guild_type_idx').on(t.guildId, t.type, t.number),
    index('cases_guild_moderator_idx').on(t.guildId, t.moderatorId),
    index('cases_pending_expiry_idx')
      .on(t.expiresAt)
      .where(sql`"active" = 1 AND "processed" = 0 AND "expires_at" IS NOT NULL`),
  ],
);

export type CaseRow = typeof cases.$inferSelect;
