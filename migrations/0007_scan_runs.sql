CREATE TABLE `scan_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`release_id` text NOT NULL,
	`commit` text,
	`app_root` text NOT NULL,
	`submitted_by` text NOT NULL,
	`via` text NOT NULL,
	`started_at` integer NOT NULL,
	`received_at` integer NOT NULL,
	`pass` integer NOT NULL,
	`warn` integer NOT NULL,
	`fail` integer NOT NULL,
	`unknown` integer NOT NULL,
	`report` text NOT NULL,
	`effects` text NOT NULL,
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `scan_runs_release_idx` ON `scan_runs` (`release_id`,`id`);