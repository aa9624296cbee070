import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** One automod rule: what it looks for (kind + config, JSON) and what it does (actions, JSON). */
export const automodRules = sqliteTable('automod_rules', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  guildId: text('guild_id').notNull(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  config: text('config').notNull(),
  actions: text('actions').notNull(),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
  /** Why the bot switched the rule off (a regex that ran too long), shown in `automod list`. */
  disabledReason: text('disabled_reason'),
  createdBy: text('created_by').notNull(),
  createdAt: integer('created_at').notNull(),
});

/**
 * Who and where automod leaves alone. scope: a rule id, `all` (every rule) or `antinuke` (members the antinuke
 * guard trusts). targetType: role, channel or user.
 */
export const automodExemptions = sqliteTable(
  'automod_exemptions',
  {
    guildId: text('guild_id').notNull(),
    scope: text('scope').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.scope, t.targetType, t.targetId] })],
);

/** Raid mode per guild, kept so a restart in the middle of a raid stays in raid mode. */
export const automodRaidState = sqliteTable('automod_raid_state', {
  guildId: text('guild_id').primaryKey(),
  since: integer('since').notNull(),
  lastJoinAt: integer('last_join_at').notNull(),
});
