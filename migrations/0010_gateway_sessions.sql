CREATE TABLE `gateway_sessions` (
	`shard_id` integer PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`resume_url` text NOT NULL,
	`sequence` integer NOT NULL,
	`updated_at` integer NOT NULL
);
