CREATE TABLE `case_counters` (
	`guild_id` text PRIMARY KEY NOT NULL,
	`last_number` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `cases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`guild_id` text NOT NULL,
	`number` integer NOT NULL,
	`type` text NOT NULL,
	`user_id` text NOT NULL,
	`moderator_id` text NOT NULL,
	`reason` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`processed` integer DEFAULT false NOT NULL,
	`expires_at` integer,
	`user_roles` text DEFAULT '[]' NOT NULL,
	`metadata` text DEFAULT '{}' NOT NULL,
	`mod_log_channel_id` text,
	`mod_log_message_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cases_guild_number_idx` ON `cases` (`guild_id`,`number`);--> statement-breakpoint
CREATE INDEX `cases_guild_user_idx` ON `cases` (`guild_id`,`user_id`,`number`);--> statement-breakpoint
CREATE INDEX `cases_guild_type_idx` ON `cases` (`guild_id`,`type`,`number`);--> statement-breakpoint
CREATE INDEX `cases_guild_moderator_idx` ON `cases` (`guild_id`,`moderator_id`);--> statement-breakpoint
CREATE INDEX `cases_pending_expiry_idx` ON `cases` (`expires_at`) WHERE "active" = 1 AND "processed" = 0 AND "expires_at" IS NOT NULL;--> statement-breakpoint
CREATE TABLE `escalation_rules` (
	`guild_id` text NOT NULL,
	`warn_count` integer NOT NULL,
	`window_ms` integer NOT NULL,
	`action` text NOT NULL,
	`duration_ms` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`guild_id`, `warn_count`)
);
--> statement-breakpoint
CREATE TABLE `moderation_settings` (
	`guild_id` text PRIMARY KEY NOT NULL,
	`jail_role_id` text,
	`jail_channel_id` text,
	`report_log_channel_id` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `modlog_routes` (
	`guild_id` text NOT NULL,
	`kind` text NOT NULL,
	`channel_id` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`guild_id`, `kind`)
);
