import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Voice channels made by temp voice, so ones left empty while the appliance was down are removed at start. */
export const tempVoiceChannels = sqliteTable('temp_voice_channels', {
  channelId: text('channel_id').primaryKey(),
  guildId: text('guild_id').notNull(),
  ownerId: text('owner_id').notNull(),
  createdAt: integer('created_at').notNull(),
});
