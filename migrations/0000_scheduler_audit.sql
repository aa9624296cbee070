CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`time` integer NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`target` text,
	`details` text DEFAULT '{}' NOT NULL,
	`outcome` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_time_idx` ON `audit_log` (`time`);--> statement-breakpoint
CREATE INDEX `audit_log_action_idx` ON `audit_log` (`action`);--> statement-breakpoint
CREATE TABLE `module_state` (
	`module` text NOT NULL,
	`guild_id` text DEFAULT '' NOT NULL,
	`enabled` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text DEFAULT 'system' NOT NULL,
	PRIMARY KEY(`module`, `guild_id`)
);
--> statement-breakpoint
CREATE TABLE `scheduler_jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`type` text NOT NULL,
	`run_at` integer NOT NULL,
	`payload` text DEFAULT 'null' NOT NULL,
	`key` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`max_attempts` integer DEFAULT 5 NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `scheduler_jobs_due_idx` ON `scheduler_jobs` (`status`,`run_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `scheduler_jobs_pending_key_idx` ON `scheduler_jobs` (`key`) WHERE "status" = 'pending';