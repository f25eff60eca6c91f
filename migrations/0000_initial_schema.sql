CREATE TABLE `approvals` (
	`release_id` text NOT NULL,
	`user_id` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`release_id`, `user_id`),
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`release_id` text,
	`cycle_id` integer,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`target` text,
	`detail` text,
	`via` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_release_idx` ON `audit_log` (`release_id`,`id`);--> statement-breakpoint
CREATE TABLE `cert_warnings` (
	`service` text NOT NULL,
	`valid_to` text NOT NULL,
	`threshold_days` integer NOT NULL,
	`posted_at` integer NOT NULL,
	PRIMARY KEY(`service`, `valid_to`, `threshold_days`)
);
--> statement-breakpoint
CREATE TABLE `item_states` (
	`release_id` text NOT NULL,
	`item_id` text NOT NULL,
	`state` text NOT NULL,
	`source` text DEFAULT 'user' NOT NULL,
	`by` text NOT NULL,
	`at` integer NOT NULL,
	`reason` text,
	`evidence` text,
	PRIMARY KEY(`release_id`, `item_id`),
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `job_runs` (
	`job_id` text NOT NULL,
	`period_key` text NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`late` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`job_id`, `period_key`)
);
--> statement-breakpoint
CREATE TABLE `maintenance_cycles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`schedule_id` text NOT NULL,
	`period_key` text NOT NULL,
	`channel_id` text NOT NULL,
	`ts` text,
	`posted_at` integer NOT NULL,
	`late` integer DEFAULT false NOT NULL,
	`closed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `maintenance_cycles_period_uq` ON `maintenance_cycles` (`schedule_id`,`period_key`);--> statement-breakpoint
CREATE TABLE `maintenance_items` (
	`cycle_id` integer NOT NULL,
	`item_id` text NOT NULL,
	`state` text DEFAULT 'open' NOT NULL,
	`by` text,
	`at` integer,
	`reason` text,
	`owner` text,
	`nudged_at` integer,
	PRIMARY KEY(`cycle_id`, `item_id`),
	FOREIGN KEY (`cycle_id`) REFERENCES `maintenance_cycles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `probe_results` (
	`run_id` integer NOT NULL,
	`probe_id` text NOT NULL,
	`status` text NOT NULL,
	`summary` text NOT NULL,
	`details` text,
	`remediation` text,
	`duration_ms` integer NOT NULL,
	PRIMARY KEY(`run_id`, `probe_id`),
	FOREIGN KEY (`run_id`) REFERENCES `probe_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `probe_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`release_id` text,
	`service` text,
	`target` text NOT NULL,
	`requested_by` text NOT NULL,
	`started_at` integer NOT NULL,
	`duration_ms` integer NOT NULL,
	`pass` integer NOT NULL,
	`warn` integer NOT NULL,
	`fail` integer NOT NULL,
	`skip` integer NOT NULL,
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `probe_runs_release_idx` ON `probe_runs` (`release_id`);--> statement-breakpoint
CREATE TABLE `processed_requests` (
	`key` text PRIMARY KEY NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `release_messages` (
	`release_id` text NOT NULL,
	`section_id` text NOT NULL,
	`ts` text NOT NULL,
	PRIMARY KEY(`release_id`, `section_id`),
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `releases` (
	`id` text PRIMARY KEY NOT NULL,
	`service` text NOT NULL,
	`version` text NOT NULL,
	`env` text NOT NULL,
	`channel_id` text NOT NULL,
	`thread_ts` text,
	`created_by` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`checklist_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deployed_at` integer,
	`deployed_by` text
);
--> statement-breakpoint
CREATE INDEX `releases_status_service_idx` ON `releases` (`status`,`service`);--> statement-breakpoint
CREATE TABLE `section_signoffs` (
	`release_id` text NOT NULL,
	`section_id` text NOT NULL,
	`user_id` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`release_id`, `section_id`),
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `watch_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`watch_id` integer NOT NULL,
	`kind` text NOT NULL,
	`actor` text,
	`at` integer NOT NULL,
	`detail` text,
	FOREIGN KEY (`watch_id`) REFERENCES `watches`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `watch_events_watch_idx` ON `watch_events` (`watch_id`,`id`);--> statement-breakpoint
CREATE TABLE `watches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`release_id` text NOT NULL,
	`service` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`started_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`next_sample_at` integer NOT NULL,
	`settings` text NOT NULL,
	`state` text NOT NULL,
	`reminder_ts` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `watches_status_idx` ON `watches` (`status`);