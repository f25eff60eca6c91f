CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`kind` text NOT NULL,
	`channel` text NOT NULL,
	`renderer` text,
	`ref` text,
	`payload` text,
	`notify_user` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`due_at` integer NOT NULL,
	`sending_at` integer,
	`last_error` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_key_uq` ON `outbox` (`key`);--> statement-breakpoint
CREATE INDEX `outbox_status_due_idx` ON `outbox` (`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `outbox_channel_idx` ON `outbox` (`channel`,`id`);