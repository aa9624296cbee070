CREATE TABLE `guild_settings` (
	`guild_id` text NOT NULL,
	`module` text NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text DEFAULT 'system' NOT NULL,
	PRIMARY KEY(`guild_id`, `module`)
);
