CREATE TABLE `afk` (
	`guild_id` text NOT NULL,
	`user_id` text NOT NULL,
	`nickname` text,
	`reason` text NOT NULL,
	`since` integer NOT NULL,
	`until` integer,
	`enforced` integer DEFAULT false NOT NULL,
	`perm` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`guild_id`, `user_id`)
);
