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
