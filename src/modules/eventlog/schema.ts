import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Recent message content per guild, kept so an edit can show what was there before and a deletion what was
 * deleted, without discord.js's message cache. Bounded per guild by age and count (see message-store.ts).
 */
export const eventlogMessages = sqliteTable(
  'eventlog_messages',
  {
    messageId: text('message_id').primaryKey(),
    guildId: text('guild_id').notNull(),
    channelId: text('channel_id').notNull(),
    authorId: text('author_id').notNull(),
    content: text('content').notNull(),
    /** JSON array of {name, url}. */
    attachments: text('attachments').notNull().default('[]'),
    createdAt: integer('created_at').notNull(),
    editedAt: integer('edited_at'),
  },
  (t) => [index('eventlog_messages_guild_created_idx').on(t.guildId, t.createdAt)],
);

/** Which invite each member joined with: kind "invite" (code, inviter), "vanity" (code) or "unknown". */
export const inviteJoins = sqliteTable(
  'invite_joins',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    guildId: text('guild_id').notNull(),
    userId: text('user_id').notNull(),
    kind: text('kind').notNull(),
    code: text('code'),
    inviterId: text('inviter_id'),
    joinedAt: integer('joined_at').notNull(),
  },
  (t) => [
    index('invite_joins_guild_user_idx').on(t.guildId, t.userId, t.joinedAt),
    index('invite_joins_guild_inviter_idx').on(t.guildId, t.inviterId),
  ],
);
