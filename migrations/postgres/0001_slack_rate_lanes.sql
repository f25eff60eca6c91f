CREATE TABLE "slack_rate_lanes" (
	"lane" text PRIMARY KEY NOT NULL,
	"tokens" double precision NOT NULL,
	"at" bigint NOT NULL,
	"paused_until" bigint DEFAULT 0 NOT NULL,
	"took" bigint DEFAULT 0 NOT NULL
);
