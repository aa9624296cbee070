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
