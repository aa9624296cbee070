CREATE TABLE `snippets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`guild_id` text NOT NULL,
	`name` text NOT NULL,
	`content` text NOT NULL,
	`author_id` text NOT NULL,
	`uses` integer DEFAULT 0 NOT NULL,
	`locked` integer DEFAULT false NOT NULL,
	`alias` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `snippets_guild_name` ON `snippets` (`guild_id`,`name`);--> statement-breakpoint
CREATE INDEX `snippets_guild_author` ON `snippets` (`guild_id`,`author_id`);