import type { Server } from 'node:http';
import { createApiRoutes } from './api/routes.js';
import { type Checklist, loadChecklist } from './checklist/checklist.js';
import { type Clock, systemClock } from './clock.js';
import type { Config } from './config.js';
import { type DatabaseHandle, openDatabase } from './db/client.js';
import { createDatabaseEvents } from './db/database-events.js';
import { databasePassword } from './db/database-target.js';
import { createOutboxRepo } from './db/repos/outbox-repo.js';
import { createReleaseRepo } from './db/repos/release-repo.js';
import { createScanRunRepo } from './db/repos/scan-run-repo.js';
import { createWatchStore } from './db/repos/watch-repo.js';
import { createAuthorizer } from './domain/authorizer.js';
import { buildReleaseRecord, renderReleaseMarkdown } from './domain/export.js';
import { createMaintenanceService } from './domain/maintenance.js';
import { createOpenRelease } from './domain/open-release.js';
import { createSlackProbeRunner } from './domain/probe-run-service.js';
import { createReleaseService } from './domain/release-service.js';
import { createReleaseTransitions } from './domain/release-transitions.js';
import { createScanRunService } from './domain/scan-run-service.js';
import { createWatchService } from './domain/watch-service.js';
import { createCertificateCheck } from './jobs/certificate-job.js';
import { createMaintenanceJobs } from './jobs/maintenance-jobs.js';
import { createScheduler } from './jobs/scheduler.js';
import { createLogger, type Logger } from './logger.js';
import {
  countOutboxResult,
  createMetrics,
  interactionType,
  type Metrics,
  metricsHandler,
} from './metrics.js';
import { ALERTMANAGER_PATH, createAlertmanagerHandler } from './monitor/alertmanager-route.js';
import { watchOutcome } from './monitor/watch-outcome.js';
import { createSlackApp } from './slack/app.js';
import { createBoltLogger } from './slack/bolt-logger.js';
import { createHomeFeature } from './slack/home-feature.js';
import { createJobNotices } from './slack/notices/job-notices.js';
import { createMaintenanceMessages } from './slack/notices/maintenance-messages.js';
import { createProbeNotices } from './slack/notices/probe-notices.js';
import { createScanNotices } from './slack/notices/scan-notices.js';
import { createWatchNotices } from './slack/notices/watch-notices.js';
import { createOutboxDispatcher, type OutboxDispatcherOptions } from './slack/outbox/dispatcher.js';
import { createOutboxWrites } from './slack/outbox/outbox-writes.js';
import { pacerFor } from './slack/outbox/shared-pacer.js';
import { createSlackWriter } from './slack/outbox/slack-writer.js';
import { createReaderClient, createWriterClient } from './slack/outbox/writer-client.js';
import { createSlackPoster } from './slack/poster.js';
import { createReleaseNotices } from './slack/release-notices.js';
import { createReleaseThreads } from './slack/release-thread.js';
import { instrumentPoster } from './slack/slack-metrics.js';
import { StartupStepError } from './startup-error.js';

export interface BotOptions {
  clock?: Clock;
  logger?: Logger;
  checklist?: Checklist;
  /** Outbox pacing and retry timing (tests use faster ones than Slack's published limits). */
  outbox?: Pick<OutboxDispatcherOptions, 'pacing' | 'retryBaseMs' | 'maxRetryMs'>;
  /** Least time between two Home publishes for one person caused by changes elsewhere (tests: shorter). */
  homeMinGapMs?: number;
}

/**
 * The composition root: config → database → repos → services → outbox → Slack adapter, in that order.
 * main.ts and the end-to-end tests both start the bot through this, so tests run what production runs.
 * Invalid schedules, and a database that cannot be opened or migrated, throw here, before anything listens.
 */
export async function createBot(config: Config, opts: BotOptions = {}) {
  // Infrastructure. The metrics read the repositories and the pool only when /metrics is scraped.
  const logger = opts.logger ?? createLogger({ level: config.logLevel });
  const clock = opts.clock ?? systemClock;
  const checklist = opts.checklist ?? loadChecklist(config.checklistPath);
  const metrics = createMetrics({
    outboxStats: () => outboxRepo.stats(),
    countReleases: () => releaseRepo.countByStatus(),
    poolStats: () => database.poolStats(),
  });
  const database = await openConfiguredDatabase(config, logger, metrics);
  const { db } = database;

  // Repositories.
  const outboxRepo = createOutboxRepo(db);
  const releaseRepo = createReleaseRepo(db);
  // Web API reads (user groups, permalinks); every write goes through the outbox.
  const slackApi = createReaderClient(config, metrics);
  const slackReads = instrumentPoster(createSlackPoster(slackApi), metrics);
  const permalink = (channel: string, ts: string) => slackReads.permalink(channel, ts);

  // Services, and the notices they give, as outbox rows.
  const authorizer = createAuthorizer(
    async (usergroup) => (await slackApi.usergroups.users.list({ usergroup })).users ?? [],
    { now: () => clock.now() },
  );
  const isAdmin = (userId: string) => authorizer.isAllowed(userId, config.file.admins);
  const writes = createOutboxWrites(outboxRepo);
  // The App Home and the nudges follow every change that re-renders a release thread or maintenance cycle.
  const home = createHomeFeature({
    ...{ db, clock, config, checklist, logger, authorizer, outbox: outboxRepo },
    ...(opts.homeMinGapMs !== undefined ? { minGapMs: opts.homeMinGapMs } : {}),
    threads: createReleaseThreads({ repo: releaseRepo, outbox: outboxRepo, checklist, config }),
    openDm: async (users) => (await slackApi.conversations.open({ users })).channel?.id,
    timeZoneOf: async (user) => (await slackApi.users.info({ user })).user?.tz,
  });
  const threads = home.threads;
  const releases = createReleaseService({
    ...{ db, clock, checklist, config, authorizer },
    changes: {
      opened: async (id) => {
        await threads.post(id);
        await home.opened();
      },
      changed: (id, sections) => threads.refresh(id, sections),
    },
  });
  const maintenance = createMaintenanceService({ db, clock, checklist, config });
  const maintenanceMessages = home.followMaintenance(
    createMaintenanceMessages({ maintenance, checklist, outbox: outboxRepo }),
  );
  const jobNotices = createJobNotices({
    maintenance,
    messages: maintenanceMessages,
    checklist,
    outbox: outboxRepo,
  });
  const jobs = { db, clock, notices: jobNotices, config, checklist, logger, maintenance };
  const scheduler = createScheduler({
    ...{ db, clock, logger },
    jobs: createMaintenanceJobs({ ...jobs, checkCertificate: createCertificateCheck(config.file.probes) }),
  });
  const watchNotices = createWatchNotices({
    store: createWatchStore(db),
    checklist,
    outbox: outboxRepo,
    permalink,
  });
  const watch = createWatchService({
    ...{ db, clock, config, checklist, logger, notices: watchNotices },
    onReleaseChanged: (id) => threads.refresh(id),
    onSample: (result) => metrics.watchSamples.inc({ result }),
  });
  const probes = createSlackProbeRunner({
    ...{ db, clock, config, checklist, logger, notices: createProbeNotices(writes) },
    onReleaseChanged: (id) => threads.refresh(id),
    onReport: (r) => {
      metrics.probeRuns.inc({ outcome: r.summary.fail ? 'fail' : 'pass' });
      metrics.probeDuration.observe(r.durationMs / 1000);
    },
  });
  const scanNotices = createScanNotices({
    runs: createScanRunRepo(db),
    releases: releaseRepo,
    checklist,
    outbox: outboxRepo,
  });
  const scans = createScanRunService({
    ...{ db, clock, checklist, logger, notices: scanNotices },
    onReleaseChanged: (id) => threads.refresh(id),
  });

  // What the slash command, the thread's buttons and the pipeline API share.
  const openRelease = createOpenRelease({ releases, resumeThread: (id) => threads.post(id) });
  const transitions = createReleaseTransitions({
    releases,
    notices: createReleaseNotices(writes),
    onChanged: (id) => threads.refresh(id),
    startWatch: (id, by) => watch.start(id, by),
  });

  // The outbox: the one way out to Slack.
  const outbox = createOutboxDispatcher({
    repo: outboxRepo,
    writer: createSlackWriter(createWriterClient(config)),
    renderers: {
      ...threads.renderers,
      ...maintenanceMessages.renderers,
      ...jobNotices.renderers,
      ...watchNotices.renderers,
      ...scanNotices.renderers,
      ...home.renderers,
    },
    logger,
    pacer: pacerFor(db),
    // Updates and Home views wait while Slack requests wait for their ack (the Slack app is created below).
    acks: {
      quietMs: () => slack.acks.quietMs(),
      spanMs: (n) => slack.acks.spanMs(n),
    },
    ...opts.outbox,
    onResult: (kind, outcome) => countOutboxResult(metrics, kind, outcome),
  });

  // The Slack adapter: Bolt app, routes and listeners over the services.
  const alertmanager = config.file.alertmanager;
  const secrets = [
    config.slack.botToken,
    config.slack.signingSecret,
    config.slack.appToken,
    ...config.file.api.tokens.map((t) => t.token),
    config.database.kind === 'postgres' ? databasePassword(config.database.url) : undefined,
  ];
  const slack = createSlackApp({
    config,
    logger,
    boltLogger: createBoltLogger(logger, { secrets: secrets.filter((x): x is string => !!x) }),
    routes: [
      { path: '/metrics', method: ['GET'], handler: metricsHandler(metrics) },
      // The pipeline API under /api/v1.
      ...createApiRoutes(config.file.api.tokens, () => ({
        ...{ config, checklist, releases, openRelease, transitions, scans, permalink, logger },
        watchOf: (id) => watchOutcome(db, id),
      })),
      ...(alertmanager
        ? [
            {
              path: ALERTMANAGER_PATH,
              method: ['POST'],
              handler: createAlertmanagerHandler({ token: alertmanager.token, watchService: watch, logger }),
            },
          ]
        : []),
    ],
    ready: () => database.ping(),
    onInteraction: (type, outcome) => metrics.interactions.inc({ type: interactionType(type), outcome }),
    onAck: (mode, ms) =>
      metrics.ackLatency.observe({ type: mode === 'http' ? 'slack_events' : 'socket_mode' }, ms / 1000),
    onAllAcked: () => outbox.wake(),
    deps: {
      ...{ config, clock, logger, checklist, releases, openRelease, transitions, threads, outbox, writes },
      ...{ authorizer, isAdmin },
      ...{ maintenance, maintenanceMessages, jobs, watch, probes, permalink },
      appHome: home.appHome,
      exportMarkdown: async (id: string) =>
        renderReleaseMarkdown(await buildReleaseRecord(db, checklist, id), {
          timeZone: config.file.timezone,
        }),
    },
  });

  return {
    database,
    metrics,
    outbox,
    checklist,
    /** Repository scans for a release (the sandbox page submits its demo repository's here). */
    scans,
    app: slack.app,
    /** Listeners still working after their ack (tests wait on this; shutdown drains it). */
    inflight: () => slack.inflight(),
    /** Work a change started after it committed (nudge evaluations); tests and shutdown wait on it. */
    settled: () => home.settled(),
    async start(port = config.port): Promise<Server | undefined> {
      const server = await slack.start(port);
      // Undelivered writes of an earlier process go first; then queue any thread never fully posted (a
      // release saved by a version without the outbox, or cut short by anything else).
      await outbox.start();
      for (const r of await releaseRepo.listByStatus(['open', 'approved', 'deployed']))
        await threads.post(r.id);
      await scheduler.start();
      await watch.resumeAll();
      return server;
    },
    /**
     * Graceful stop: /ready turns 503 while the listener keeps acking Slack, in-flight listeners finish and
     * the outbox sends what Slack's limits allow (up to drainMs; the rest waits in the outbox for the next
     * start), then the listener closes and the database with it.
     */
    async stop(o: { drainMs?: number } = {}) {
      const deadline = Date.now() + (o.drainMs ?? 5_000);
      slack.drain();
      scheduler.stop();
      home.stop();
      await home.settled();
      await watch.stop();
      while (slack.inflight() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await outbox.flush(deadline - Date.now());
      await slack.stop().catch(() => {});
      await outbox.stop();
      await database.close();
    },
  };
}
export type Bot = Awaited<ReturnType<typeof createBot>>;

/**
 * Opens DATABASE_URL (Postgres) or DATABASE_PATH (SQLite) and migrates it; a failure names the variable
 * (see startup-error.ts). Postgres reports pool waits, slow statements and lost connections to the log and
 * /metrics.
 */
async function openConfiguredDatabase(
  config: Config,
  logger: Logger,
  metrics: Metrics,
): Promise<DatabaseHandle> {
  const target = config.database;
  let handle: DatabaseHandle | undefined;
  const events = createDatabaseEvents({ logger, metrics, poolStats: () => handle?.poolStats() });
  try {
    handle = await openDatabase(target.kind === 'postgres' ? { ...target, ...events } : target);
    return handle;
  } catch (e) {
    throw new StartupStepError(target.kind === 'postgres' ? 'DATABASE_URL' : 'DATABASE_PATH', e);
  }
}
