CREATE TABLE `gateway_sessions` (
	`shard_id` integer PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`resume_url` text NOT NULL,
	`sequence` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `automod_exemptions` (
	`guild_id` text NOT NULL,
	`scope` text NOT NULL,
	`target_type` text NOT NULL,
	`target_id` text NOT NULL,
	PRIMARY KEY(`guild_id`, `scope`, `target_type`, `target_id`)
);
--> statement-breakpoint
CREATE TABLE `automod_raid_state` (
	`guild_id` text PRIMARY KEY NOT NULL,
	`since` integer NOT NULL,
	`last_join_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `automod_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`guild_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`config` text NOT NULL,
	`actions` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`disabled_reason` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
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
CREATE INDEX `invite_joins_guild_inviter_idx` ON `invite_joins` (`guild_id`,`inviter_id`);--> statement-breakpoint
CREATE TABLE `music_playlist_tracks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`playlist_id` integer NOT NULL,
	`position` integer NOT NULL,
	`title` text NOT NULL,
	`url` text NOT NULL,
	`source` text NOT NULL,
	`duration_ms` integer,
	FOREIGN KEY (`playlist_id`) REFERENCES `music_playlists`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `music_playlist_tracks_list` ON `music_playlist_tracks` (`playlist_id`,`position`);--> statement-breakpoint
CREATE TABLE `music_playlists` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `music_playlists_user_name` ON `music_playlists` (`user_id`,`name`);--> statement-breakpoint
CREATE TABLE `music_queue` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`guild_id` text NOT NULL,
	`position` integer NOT NULL,
	`title` text NOT NULL,
	`url` text NOT NULL,
	`source` text NOT NULL,
	`duration_ms` integer,
	`requested_by` text NOT NULL,
	`added_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `music_queue_guild` ON `music_queue` (`guild_id`,`position`);--> statement-breakpoint
CREATE TABLE `music_sessions` (
	`guild_id` text PRIMARY KEY NOT NULL,
	`voice_channel_id` text NOT NULL,
	`text_channel_id` text NOT NULL,
	`volume` integer NOT NULL,
	`loop` text NOT NULL,
	`paused` integer NOT NULL,
	`position_ms` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `temp_voice_channels` (
	`channel_id` text PRIMARY KEY NOT NULL,
	`guild_id` text NOT NULL,
	`owner_id` text NOT NULL,
	`created_at` integer NOT NULL
);
