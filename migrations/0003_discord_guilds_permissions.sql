CREATE TABLE `guilds` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`prefix` text,
	`joined_at` integer NOT NULL,
	`left_at` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `permission_assignments` (
	`guild_id` text NOT NULL,
	`role_id` text NOT NULL,
	`rank` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`guild_id`, `role_id`)
);
--> statement-breakpoint
CREATE TABLE `permission_commands` (
	`guild_id` text NOT NULL,
	`command` text NOT NULL,
	`rank` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`guild_id`, `command`)
);
--> statement-breakpoint
CREATE TABLE `permission_ranks` (
	`guild_id` text NOT NULL,
	`rank` integer NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`guild_id`, `rank`)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `permission_ranks_name` ON `permission_ranks` (`guild_id`,`name`);