ALTER TABLE "watches" ADD COLUMN "lease_owner" text;--> statement-breakpoint
ALTER TABLE "watches" ADD COLUMN "lease_until" bigint;