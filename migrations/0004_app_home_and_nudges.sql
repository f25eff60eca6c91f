CREATE TABLE `home_visitors` (
	`user_id` text PRIMARY KEY NOT NULL,
	`opened_at` integer NOT NULL,
	`groups` text NOT NULL,
	`notice` text,
	`notice_at` integer
);
--> statement-breakpoint
CREATE INDEX `home_visitors_opened_idx` ON `home_visitors` (`opened_at`);--> statement-breakpoint
CREATE TABLE `nudges_sent` (
	`release_id` text NOT NULL,
	`user_id` text NOT NULL,
	`about` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`release_id`, `user_id`),
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE cascade
);
