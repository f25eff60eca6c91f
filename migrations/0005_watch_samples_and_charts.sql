CREATE TABLE `watch_charts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`watch_id` integer NOT NULL,
	`purpose` text NOT NULL,
	`until` integer NOT NULL,
	`file_id` text,
	`alt_text` text,
	`refused_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`watch_id`) REFERENCES `watches`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `watch_charts_watch_idx` ON `watch_charts` (`watch_id`,`id`);--> statement-breakpoint
CREATE TABLE `watch_samples` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`watch_id` integer NOT NULL,
	`at` integer NOT NULL,
	`errors` integer NOT NULL,
	`total` integer NOT NULL,
	`ratio` real NOT NULL,
	FOREIGN KEY (`watch_id`) REFERENCES `watches`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `watch_samples_watch_idx` ON `watch_samples` (`watch_id`,`at`);