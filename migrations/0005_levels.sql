CREATE TABLE `levels` (
	`guild_id` text NOT NULL,
	`user_id` text NOT NULL,
	`xp` real DEFAULT 0 NOT NULL,
	`level` integer DEFAULT 0 NOT NULL,
	`blacklisted` integer DEFAULT false NOT NULL,
	`hidden` integer DEFAULT false NOT NULL,
	`last_message_at` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`guild_id`, `user_id`)
);
--> statement-breakpoint
CREATE INDEX `levels_guild_xp` ON `levels` (`guild_id`,`xp`);