CREATE TABLE `slack_rate_lanes` (
	`lane` text PRIMARY KEY NOT NULL,
	`tokens` real NOT NULL,
	`at` integer NOT NULL,
	`paused_until` integer DEFAULT 0 NOT NULL,
	`took` integer DEFAULT 0 NOT NULL
);
