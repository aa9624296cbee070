CREATE TABLE `eventlog_messages` (
	`message_id` text PRIMARY KEY NOT NULL,
	`guild_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`author_id` text NOT NULL,
	`content` text NOT NULL,
	`attachments` text DEFAULT '[]' NOT NULL,
	`created_at` integer NOT NULL,
	`edited_at` integer
);
--> statement-breakpoint
CREATE INDEX `eventlog_messages_guild_created_idx` ON `eventlog_messages` (`guild_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `invite_joins` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`guild_id` text NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`code` text,
	`inviter_id` text,
	`joined_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `invite_joins_guild_user_idx` ON `invite_joins` (`guild_id`,`user_id`,`joined_at`);--> statement-breakpoint
CREATE INDEX `invite_joins_guild_inviter_idx` ON `invite_joins` (`guild_id`,`inviter_id`);