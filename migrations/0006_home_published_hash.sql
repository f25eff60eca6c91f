ALTER TABLE `home_visitors` ADD `published_hash` text;--> statement-breakpoint
ALTER TABLE `home_visitors` ADD `published_at` integer;