import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { VerdictEffects } from '../model/item-change.js';
import type { ScanReport } from '../model/scan-report.js';

import { DEFAULT_MARK } from './pg-sql.js';

/**
 * An autoincrement id. drizzle's SQLite insert writes NULL for it (SQLite then assigns the next rowid);
 * the marker reads as NULL on SQLite and becomes DEFAULT on Postgres (an identity column refuses NULL).
 */
const serialId = () =>
  integer('id')
    .primaryKey({ autoIncrement: true })
    .$defaultFn(() => sql.raw(DEFAULT_MARK));

// Timestamps are integer milliseconds since the epoch (UTC), written by the injected Clock.

export const releases = sqliteTable(
  'releases',
  {
    id: text('id').primaryKey(),
    service: text('service').notNull(),
    version: text('version').notNull(),
    env: text('env').notNull(),
    channelId: text('channel_id').notNull(),
    /** ts of the parent status message; null until posted. */
    threadTs: text('thread_ts'),
    createdBy: text('created_by').notNull(),
    status: text('status', { enum: ['open', 'approved', 'deployed', 'cancelled', 'rolled_back'] })
      .notNull()
      .default('open'),
    checklistHash: text('checklist_hash').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    deployedAt: integer('deployed_at'),
    deployedBy: text('deployed_by'),
  },
  (t) => [index('releases_status_service_idx').on(t.status, t.service)],
);

/** One Slack message per checklist section in the release thread. */
export const releaseMessages = sqliteTable(
  'release_messages',
  {
    releaseId: text('release_id')
      .notNull()
      .references(() => releases.id, { onDelete: 'cascade' }),
    sectionId: text('section_id').notNull(),
    ts: text('ts').notNull(),
  },
  (t) => [primaryKey({ columns: [t.releaseId, t.sectionId] })],
);

export const itemStates = sqliteTable(
  'item_states',
  {
    releaseId: text('release_id')
      .notNull()
      .references(() => releases.id, { onDelete: 'cascade' }),
    itemId: text('item_id').notNull(),
    state: text('state', { enum: ['open', 'done', 'na', 'failing'] }).notNull(),
    source: text('source', { enum: ['user', 'probe', 'watch', 'scan'] })
      .notNull()
      .default('user'),
    by: text('by').notNull(),
    at: integer('at').notNull(),
    reason: text('reason'),
    /** Evidence for machine-verified states, e.g. "probe run 12: hsts pass". */
    evidence: text('evidence'),
  },
  (t) => [primaryKey({ columns: [t.releaseId, t.itemId] })],
);

export const sectionSignoffs = sqliteTable(
  'section_signoffs',
  {
    releaseId: text('release_id')
      .notNull()
      .references(() => releases.id, { onDelete: 'cascade' }),
    sectionId: text('section_id').notNull(),
    userId: text('user_id').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.releaseId, t.sectionId] })],
);

export const approvals = sqliteTable(
  'approvals',
  {
    releaseId: text('release_id')
      .notNull()
      .references(() => releases.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.releaseId, t.userId] })],
);

/** Append-only record of every decision: who, what, when, from which Slack action. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: serialId(),
    releaseId: text('release_id'),
    cycleId: integer('cycle_id'),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    target: text('target'),
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>(),
    /** slash_command | block_action | view_submission | probe | watch | cron | cli | webhook | api */
    via: text('via').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [index('audit_release_idx').on(t.releaseId, t.id)],
);

/** Idempotency keys for Slack retries and duplicate deliveries. */
export const processedRequests = sqliteTable('processed_requests', {
  key: text('key').primaryKey(),
  at: integer('at').notNull(),
});

export const probeRuns = sqliteTable(
  'probe_runs',
  {
    id: serialId(),
    releaseId: text('release_id').references(() => releases.id, { onDelete: 'cascade' }),
    service: text('service'),
    target: text('target').notNull(),
    requestedBy: text('requested_by').notNull(),
    startedAt: integer('started_at').notNull(),
    durationMs: integer('duration_ms').notNull(),
    pass: integer('pass').notNull(),
    warn: integer('warn').notNull(),
    fail: integer('fail').notNull(),
    skip: integer('skip').notNull(),
  },
  (t) => [index('probe_runs_release_idx').on(t.releaseId)],
);

export const probeResults = sqliteTable(
  'probe_results',
  {
    runId: integer('run_id')
      .notNull()
      .references(() => probeRuns.id, { onDelete: 'cascade' }),
    probeId: text('probe_id').notNull(),
    status: text('status', { enum: ['pass', 'warn', 'fail', 'skip'] }).notNull(),
    summary: text('summary').notNull(),
    details: text('details'),
    remediation: text('remediation'),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.probeId] })],
);

/**
 * A repository scan a pipeline (or the sandbox) submitted for a release: the report as received (bounded by
 * the API schema), what it changed on the release's items, and who sent it.
 */
export const scanRuns = sqliteTable(
  'scan_runs',
  {
    id: serialId(),
    releaseId: text('release_id')
      .notNull()
      .references(() => releases.id, { onDelete: 'cascade' }),
    /** HEAD of the scanned work tree; null when the directory was not a git work tree. */
    commit: text('commit'),
    appRoot: text('app_root').notNull(),
    /** `api:<token name>`, or a Slack user ID (the sandbox's page). */
    submittedBy: text('submitted_by').notNull(),
    via: text('via').notNull(),
    startedAt: integer('started_at').notNull(),
    receivedAt: integer('received_at').notNull(),
    pass: integer('pass').notNull(),
    warn: integer('warn').notNull(),
    fail: integer('fail').notNull(),
    unknown: integer('unknown').notNull(),
    report: text('report', { mode: 'json' }).notNull().$type<ScanReport>(),
    /** Checklist item ids the run ticked, marked failing, and left flagged (warnings) for people. */
    effects: text('effects', { mode: 'json' }).notNull().$type<VerdictEffects>(),
  },
  (t) => [index('scan_runs_release_idx').on(t.releaseId, t.id)],
);

/** A post-deploy error-rate watch. `state` is the detector's resumable state (JSON). */
export const watches = sqliteTable(
  'watches',
  {
    id: serialId(),
    releaseId: text('release_id')
      .notNull()
      .references(() => releases.id, { onDelete: 'cascade' }),
    service: text('service').notNull(),
    status: text('status', { enum: ['active', 'alerting', 'completed', 'rolled_back', 'cancelled'] })
      .notNull()
      .default('active'),
    startedAt: integer('started_at').notNull(),
    endsAt: integer('ends_at').notNull(),
    nextSampleAt: integer('next_sample_at').notNull(),
    settings: text('settings', { mode: 'json' }).notNull().$type<Record<string, unknown>>(),
    state: text('state', { mode: 'json' }).notNull().$type<Record<string, unknown>>(),
    reminderTs: text('reminder_ts'),
    updatedAt: integer('updated_at').notNull(),
    /** The replica sampling this watch (see watch-lease.ts); null when no replica holds it. */
    leaseOwner: text('lease_owner'),
    /** Until when (ms) `leaseOwner` holds the watch unless it renews; another replica may take it after. */
    leaseUntil: integer('lease_until'),
  },
  (t) => [index('watches_status_idx').on(t.status)],
);

export const watchEvents = sqliteTable(
  'watch_events',
  {
    id: serialId(),
    watchId: integer('watch_id')
      .notNull()
      .references(() => watches.id, { onDelete: 'cascade' }),
    /** started | reminder | recovered | acknowledged | snoozed | rolled_back | false_alarm | source_error | source_ok | verified | completed | alert_firing | alert_resolved */
    kind: text('kind').notNull(),
    actor: text('actor'),
    at: integer('at').notNull(),
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [index('watch_events_watch_idx').on(t.watchId, t.id)],
);

/** Every measured sample of a watch (what its error-rate chart is drawn from), written with the sample's state. */
export const watchSamples = sqliteTable(
  'watch_samples',
  {
    id: serialId(),
    watchId: integer('watch_id')
      .notNull()
      .references(() => watches.id, { onDelete: 'cascade' }),
    at: integer('at').notNull(),
    errors: integer('errors').notNull(),
    total: integer('total').notNull(),
    ratio: real('ratio').notNull(),
  },
  (t) => [index('watch_samples_watch_idx').on(t.watchId, t.at)],
);

/**
 * An error-rate chart a watch message carries (the reminder, a repeat, the recovery): drawn from the samples
 * up to `until` and uploaded after the message's row is committed; `file_id` is Slack's once it is uploaded.
 */
export const watchCharts = sqliteTable(
  'watch_charts',
  {
    id: serialId(),
    watchId: integer('watch_id')
      .notNull()
      .references(() => watches.id, { onDelete: 'cascade' }),
    /** reminder | repeat | recovered */
    purpose: text('purpose').notNull(),
    until: integer('until').notNull(),
    fileId: text('file_id'),
    altText: text('alt_text'),
    /** Slack refused an image block naming the file: messages stop showing it; it was shared in the thread. */
    refusedAt: integer('refused_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('watch_charts_watch_idx').on(t.watchId, t.id)],
);

/** Exactly-once ledger for scheduled jobs: one row per (job, period). */
export const jobRuns = sqliteTable(
  'job_runs',
  {
    jobId: text('job_id').notNull(),
    periodKey: text('period_key').notNull(),
    startedAt: integer('started_at').notNull(),
    finishedAt: integer('finished_at'),
    late: integer('late', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.periodKey] })],
);

export const maintenanceCycles = sqliteTable(
  'maintenance_cycles',
  {
    id: serialId(),
    scheduleId: text('schedule_id').notNull(),
    periodKey: text('period_key').notNull(),
    channelId: text('channel_id').notNull(),
    ts: text('ts'),
    postedAt: integer('posted_at').notNull(),
    late: integer('late', { mode: 'boolean' }).notNull().default(false),
    closedAt: integer('closed_at'),
  },
  (t) => [uniqueIndex('maintenance_cycles_period_uq').on(t.scheduleId, t.periodKey)],
);

export const maintenanceItems = sqliteTable(
  'maintenance_items',
  {
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => maintenanceCycles.id, { onDelete: 'cascade' }),
    itemId: text('item_id').notNull(),
    state: text('state', { enum: ['open', 'done', 'na'] })
      .notNull()
      .default('open'),
    by: text('by'),
    at: integer('at'),
    reason: text('reason'),
    owner: text('owner'),
    nudgedAt: integer('nudged_at'),
  },
  (t) => [primaryKey({ columns: [t.cycleId, t.itemId] })],
);

/** Certificate-expiry warnings already posted: once per (service, certificate, threshold). */
export const certWarnings = sqliteTable(
  'cert_warnings',
  {
    service: text('service').notNull(),
    validTo: text('valid_to').notNull(),
    thresholdDays: integer('threshold_days').notNull(),
    postedAt: integer('posted_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.service, t.validTo, t.thresholdDays] })],
);

/** Display names seen in Slack payloads, for plain_text places where a <@mention> cannot render (option descriptions). */
export const slackUsers = sqliteTable('slack_users', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * Every Slack write waits here until the dispatcher (src/slack/outbox/) has delivered it. Rows are written
 * in the same transaction as the state change that causes them, so a crash loses neither.
 * - `key` (unique) makes enqueueing idempotent: a post's idempotency key, or an update's dirty key, which
 *   coalesces many changes of one message into one row; `version` counts the marks so a change made while
 *   the row is being sent is not lost.
 * - `renderer` + `ref` name what to render from the database at send time; `payload` is a fixed message.
 * - `sending_at` is set just before a post leaves: a row found with it set after a crash has an unknown
 *   fate and is reconciled against Slack (message metadata carries the row id) before it is sent again.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: serialId(),
    key: text('key').notNull(),
    kind: text('kind', { enum: ['post', 'update', 'ephemeral', 'upload', 'publish'] }).notNull(),
    /** Channel (or user id for a DM / Home view); the dispatcher paces and orders per channel. */
    channel: text('channel').notNull(),
    renderer: text('renderer'),
    ref: text('ref'),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>(),
    /** Who hears about it when the row cannot be delivered (e.g. the release's creator). */
    notifyUser: text('notify_user'),
    status: text('status', { enum: ['pending', 'blocked', 'failed'] })
      .notNull()
      .default('pending'),
    version: integer('version').notNull().default(1),
    attempts: integer('attempts').notNull().default(0),
    dueAt: integer('due_at').notNull(),
    sendingAt: integer('sending_at'),
    /**
     * A process sending the row holds it until `claimed_until`, so two processes on one database file (an
     * overlapping start) never send the same row at once; a crashed holder's claim simply runs out.
     */
    claimedBy: text('claimed_by'),
    claimedUntil: integer('claimed_until'),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('outbox_key_uq').on(t.key),
    index('outbox_status_due_idx').on(t.status, t.dueAt),
    index('outbox_channel_idx').on(t.channel, t.id),
  ],
);

/**
 * People who opened the bot's App Home, and what their Home needs to render without calling Slack: the
 * configured user groups they belonged to when they last opened it (renderers are synchronous), and a
 * notice answering their last click there (the Home tab has no place for an ephemeral reply).
 */
export const homeVisitors = sqliteTable(
  'home_visitors',
  {
    userId: text('user_id').primaryKey(),
    openedAt: integer('opened_at').notNull(),
    groups: text('groups', { mode: 'json' }).notNull().$type<string[]>(),
    notice: text('notice'),
    noticeAt: integer('notice_at'),
    /** Hash of the Home view last published for this person: an unchanged view is not published again. */
    publishedHash: text('published_hash'),
    /** When it was published: changes made elsewhere re-publish a Home at most once per HOME_MIN_GAP_MS. */
    publishedAt: integer('published_at'),
  },
  (t) => [index('home_visitors_opened_idx').on(t.openedAt)],
);

/** The last nudge each person got about a release: at most one per person per release per interval. */
export const nudgesSent = sqliteTable(
  'nudges_sent',
  {
    releaseId: text('release_id')
      .notNull()
      .references(() => releases.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    /** section:<id> | approval */
    about: text('about').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.releaseId, t.userId] })],
);
