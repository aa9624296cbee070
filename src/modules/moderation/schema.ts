import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Where mod-log posts go. kind '*' is the guild's default mod-log channel; any other kind (a case type such as
 * "WARN", or "PURGE"/"SLOWMODE") routes that kind to its own channel.
 */
export const modlogRoutes = sqliteTable(
  'modlog_routes',
  {
    guildId: text('guild_id').notNull(),
    kind: text('kind').notNull(),
    channelId: text('channel_id').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.kind] })],
);

/** Per-guild moderation settings; a guild without a row uses the defaults (nothing configured). */
export const moderationSettings = sqliteTable('moderation_settings', {
  guildId: text('guild_id').primaryKey(),
  jailRoleId: text('jail_role_id'),
  jailChannelId: text('jail_channel_id'),
  reportLogChannelId: text('report_log_channel_id'),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * Warn escalation: when a member reaches `warnCount` active warnings within `windowMs`, the bot applies `action`
 * (timeout, tempban, kick, ban, jail) for `durationMs` where the action takes a duration.
 */
export const escalationRules = sqliteTable(
  'escalation_rules',
  {
    guildId: text('guild_id').notNull(),
    warnCount: integer('warn_count').notNull(),
    windowMs: integer('window_ms').notNull(),
    action: text('action').notNull(),
    durationMs: integer('duration_ms'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.warnCount] })],
);
