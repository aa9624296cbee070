CREATE TABLE `starboard_posts` (
	`message_id` text PRIMARY KEY NOT NULL,
	`guild_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`author_id` text NOT NULL,
	`post_id` text,
	`stars` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL
);
