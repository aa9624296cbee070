CREATE TABLE `reminders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`guild_id` text,
	`channel_id` text NOT NULL,
	`content` text NOT NULL,
	`remind_at` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `reminders_user` ON `reminders` (`user_id`);