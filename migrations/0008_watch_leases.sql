ALTER TABLE `watches` ADD `lease_owner` text;--> statement-breakpoint
ALTER TABLE `watches` ADD `lease_until` integer;