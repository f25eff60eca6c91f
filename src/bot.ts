import type { Server } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import { type Checklist, loadChecklist } from './checklist/checklist.js';
import { type Clock, systemClock } from './clock.js';
import type { Config } from './config.js';
import { type DatabaseHandle, openDatabase } from './db/client.js';
import { createOutboxRepo } from './db/repos/outbox-repo.js';
import { createReleaseRepo } from './db/repos/release-repo.js';
import { createWatchStore } from './db/repos/watch-repo.js';
import { createAuthorizer } from './domain/authorizer.js';
import { createMaintenanceService } from './domain/maintenance.js';
import { createReleaseService } from './domain/release-service.js';
import { createLogger, type Logger } from './logger.js';
import {
  countRateLimits,
  createMetrics,
  instrumentPoster,
  interactionType,
  metricsHandler,
} from './metrics.js';
import { createSlackApp } from './slack/app.js';
import { createBoltLogger } from './slack/bolt-logger.js';
import type { AppDeps, FeatureHooks } from './slack/deps.js';
import { createHomeFeature } from './slack/home-feature.js';
import { createJobNotices } from './slack/notices/job-notices.js';
import { createMaintenanceMessages } from './slack/notices/maintenance-messages.js';
import { createWatchNotices } from './slack/notices/watch-notices.js';
import { createOutboxDispatcher, type OutboxDispatcherOptions } from './slack/outbox/dispatcher.js';
import { createOutboxWrites } from './slack/outbox/outbox-writes.js';
import { createSlackWriter } from './slack/outbox/slack-writer.js';
import { createWriterClient } from './slack/outbox/writer-client.js';
import { createSlackPoster } from './slack/poster.js';
import { createReleaseThreads } from './slack/release-thread.js';

export interface BotOptions {
  clock?: Clock;
  logger?: Logger;
  checklist?: Checklist;
  /** Outbox pacing and retry timing (tests use faster ones than Slack's published limits). */
  outbox?: Pick<OutboxDispatcherOptions, 'pacing' | 'retryBaseMs' | 'maxRetryMs'>;
}

/**
 * Wires the bot: database (migrated), checklist, Slack app and listeners. main.ts and the end-to-end
 * tests both start the bot through this, so tests exercise exactly what runs in production.
 */
export function createBot(config: Config, opts: BotOptions = {}) {
  const logger = opts.logger ?? createLogger({ level: config.logLevel });
  const clock = opts.clock ?? systemClock;
  const checklist = opts.checklist ?? loadChecklist(config.checklistPath);
  const database: DatabaseHandle = openDatabase(config.databasePath);
  const { db } = database;
  const outboxRepo = createOutboxRepo(db);
  const releaseRepo = createReleaseRepo(db);
  const metrics = createMetrics({
    outboxStats: () => outboxRepo.stats(),
    countReleases: () => releaseRepo.countByStatus(),
  });
  // Bolt builds its routes when the App is constructed; features add theirs later through this table.
  const lateRoutes = new Map<string, CustomRoute['handler']>();
  const routes: CustomRoute[] = [
    { path: '/metrics', method: ['GET'], handler: metricsHandler(metrics) },
    {
      path: '/webhooks/:name',
      method: ['POST'],
      handler: (req, res) => {
        const handler = lateRoutes.get(new URL(req.url ?? '/', 'http://x').pathname);
        if (handler) handler(req, res);
        else res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      },
    },
  ];
  const registrations: ((app: import('@slack/bolt').App) => void)[] = [];
  const secrets = [config.slack.botToken, config.slack.signingSecret, config.slack.appToken].filter(
    (x): x is string => !!x,
  );
  const slack = createSlackApp({
    config,
    logger,
    boltLogger: createBoltLogger(logger, { secrets }),
    routes,
    register: registrations,
    ready: () => database.ping(),
    onInteraction: (type, outcome) => metrics.interactions.inc({ type: interactionType(type), outcome }),
  });
  countRateLimits(slack.app.client, metrics);
  const poster = instrumentPoster(createSlackPoster(slack.app.client), metrics);
  const authorizer = createAuthorizer(
    async (usergroup) => (await slack.app.client.usergroups.users.list({ usergroup })).users ?? [],
    {
      now: () => clock.now(),
    },
  );
  const releaseThreads = createReleaseThreads({
    repo: createReleaseRepo(db),
    outbox: outboxRepo,
    checklist,
    config,
  });
  const homeFeature = createHomeFeature({
    ...{ db, clock, config, checklist, logger, authorizer, outbox: outboxRepo, threads: releaseThreads },
    openDm: async (users) => (await slack.app.client.conversations.open({ users })).channel?.id,
    timeZoneOf: async (user) => (await slack.app.client.users.info({ user })).user?.tz,
  });
  const threads = homeFeature.threads;
  registrations.push((app) => homeFeature.register(app, { releases, writes: deps.writes }));
  const releases = createReleaseService({
    db,
    clock,
    checklist,
    config,
    authorizer,
    changes: {
      opened: (id) => {
        threads.post(id);
        homeFeature.opened();
      },
      changed: (id, sections) => threads.refresh(id, sections),
    },
  });
  const maintenance = createMaintenanceService({ db, clock, checklist, config });
  const maintenanceMessages = homeFeature.followMaintenance(
    createMaintenanceMessages({ maintenance, checklist, outbox: outboxRepo }),
  );
  const jobNotices = createJobNotices({
    maintenance,
    messages: maintenanceMessages,
    checklist,
    outbox: outboxRepo,
  });
  const watchNotices = createWatchNotices({
    store: createWatchStore(db),
    checklist,
    outbox: outboxRepo,
    permalink: (channel, ts) => poster.permalink(channel, ts),
  });
  const outbox = createOutboxDispatcher({
    repo: outboxRepo,
    writer: createSlackWriter(createWriterClient(config)),
    renderers: {
      ...threads.renderers,
      ...maintenanceMessages.renderers,
      ...jobNotices.renderers,
      ...watchNotices.renderers,
      ...homeFeature.renderers,
    },
    logger,
    ...opts.outbox,
    onResult: (kind, outcome) => {
      metrics.slackApiCalls.inc({ method: OUTBOX_METHODS[kind], outcome: outcome === 'ok' ? 'ok' : 'error' });
      if (outcome === 'ratelimited') metrics.slackRateLimited.inc({ method: OUTBOX_METHODS[kind] });
    },
  });
  const hooks: FeatureHooks = {};
  const deps: AppDeps = {
    config,
    db,
    clock,
    logger,
    checklist,
    releases,
    threads,
    outbox,
    writes: createOutboxWrites(outboxRepo),
    maintenance,
    maintenanceMessages,
    jobNotices,
    watchNotices,
    poster,
    authorizer,
    hooks,
  };
  const stopHooks: (() => void | Promise<void>)[] = [];
  const startHooks: (() => void | Promise<void>)[] = [];
  let server: Server | undefined;
  let installed = false;

  return {
    deps,
    database,
    metrics,
    outbox,
    app: slack.app,
    /** Listeners still working after their ack (tests wait on this; shutdown drains it). */
    inflight: () => slack.inflight(),
    /** Work a change started after it committed (nudge evaluations); tests and shutdown wait on it. */
    settled: () => homeFeature.settled(),
    /** Add HTTP routes and Bolt listeners for a feature before start(). */
    extend(f: {
      routes?: CustomRoute[];
      register?: (app: import('@slack/bolt').App) => void;
      hooks?: FeatureHooks;
      onStart?: () => void | Promise<void>;
      onStop?: () => void | Promise<void>;
    }) {
      for (const r of f.routes ?? []) lateRoutes.set(r.path, r.handler);
      if (f.register) registrations.push(f.register);
      if (f.hooks) Object.assign(hooks, f.hooks);
      if (f.onStart) startHooks.push(f.onStart);
      if (f.onStop) stopHooks.push(f.onStop);
    },
    async start(port = config.port): Promise<Server | undefined> {
      if (!installed) slack.install(deps);
      installed = true;
      const started = (await (config.slack.socketMode
        ? slack.app.start()
        : slack.app.start({ port, host: config.host }))) as unknown;
      server = started && typeof (started as Server).address === 'function' ? (started as Server) : undefined;
      // Ack latency as Slack sees it: from the request arriving to the HTTP response (sent at ack()).
      server?.on('request', (req, res) => {
        if (req.method !== 'POST' || !req.url?.startsWith('/slack/events')) return;
        const t = performance.now();
        res.once('finish', () =>
          metrics.ackLatency.observe({ type: 'slack_events' }, (performance.now() - t) / 1000),
        );
      });
      // Undelivered writes of an earlier process go first; then queue any thread never fully posted (a
      // release saved by a version without the outbox, or cut short by anything else).
      outbox.start();
      for (const r of releases.repo.listByStatus(['open', 'approved', 'deployed'])) threads.post(r.id);
      for (const h of startHooks) await h();
      return server;
    },
    /**
     * Graceful stop: refuse new requests, let in-flight ones finish, send what Slack's limits allow within
     * the budget (the rest stays in the outbox for the next start), close the db.
     */
    async stop(opts2: { drainMs?: number } = {}) {
      const deadline = Date.now() + (opts2.drainMs ?? 5_000);
      await slack.stop().catch(() => {});
      homeFeature.stop();
      await homeFeature.settled();
      for (const h of stopHooks) await h();
      while (slack.inflight() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await outbox.flush(deadline - Date.now());
      await outbox.stop();
      database.close();
    },
  };
}
export type Bot = ReturnType<typeof createBot>;

const OUTBOX_METHODS = {
  post: 'chat.postMessage',
  update: 'chat.update',
  ephemeral: 'chat.postEphemeral',
  upload: 'files.uploadV2',
  publish: 'views.publish',
} as const;
