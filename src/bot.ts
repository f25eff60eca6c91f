import type { Server } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import { type Checklist, loadChecklist } from './checklist/checklist.js';
import { type Clock, systemClock } from './clock.js';
import type { Config } from './config.js';
import { type DatabaseHandle, openDatabase } from './db/client.js';
import { createAuthorizer } from './domain/authorizer.js';
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
import type { MessageSyncOptions } from './slack/message-sync.js';
import { createSlackPoster } from './slack/poster.js';
import { createReleaseThreads } from './slack/release-thread.js';

export interface BotOptions {
  clock?: Clock;
  logger?: Logger;
  checklist?: Checklist;
  /** Tuning for message coalescing (tests use a faster bucket). */
  sync?: Partial<Pick<MessageSyncOptions, 'perMinute' | 'burst' | 'retryBaseMs'>>;
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
  const metrics = createMetrics({
    countReleases: () =>
      Object.fromEntries(
        (
          database.sqlite.prepare('select status, count(*) as n from releases group by status').all() as {
            status: string;
            n: number;
          }[]
        ).map((r) => [r.status, r.n]),
      ),
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
    onAck: (mode, ms) =>
      metrics.ackLatency.observe({ type: mode === 'http' ? 'slack_events' : 'socket_mode' }, ms / 1000),
  });
  countRateLimits(slack.app.client, metrics);
  const poster = instrumentPoster(createSlackPoster(slack.app.client), metrics);
  const authorizer = createAuthorizer(
    async (usergroup) => (await slack.app.client.usergroups.users.list({ usergroup })).users ?? [],
    {
      now: () => clock.now(),
    },
  );
  const releases = createReleaseService({ db, clock, checklist, config, authorizer });
  const threads = createReleaseThreads({
    repo: releases.repo,
    checklist,
    config,
    poster,
    logger,
    ...(opts.sync ? { sync: opts.sync } : {}),
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
    app: slack.app,
    /** Listeners still working after their ack (tests wait on this; shutdown drains it). */
    inflight: () => slack.inflight(),
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
      server = await slack.start(port);
      // Converge every live thread with the database (updates lost to a crash or a Slack outage).
      for (const r of releases.repo.listByStatus(['open', 'approved', 'deployed'])) {
        if (!r.threadTs) continue;
        threads
          .ensurePosted(r.id)
          .catch((e) =>
            logger.warn({ releaseId: r.id, error: (e as Error).message }, 'resuming thread failed'),
          );
        threads.refresh(r.id);
      }
      for (const h of startHooks) await h();
      return server;
    },
    /**
     * Graceful stop: /ready turns 503 while the listener keeps acking Slack, in-flight listeners and pending
     * Slack updates finish (up to drainMs), then the listener closes and the database with it. Updates still
     * pending after drainMs are converged at the next start.
     */
    async stop(opts2: { drainMs?: number } = {}) {
      slack.drain();
      for (const h of stopHooks) await h();
      const drained = (async () => {
        while (slack.inflight() > 0) await new Promise((r) => setTimeout(r, 20));
        await threads.sync.idle();
      })();
      await Promise.race([drained, new Promise((r) => setTimeout(r, opts2.drainMs ?? 5_000).unref())]);
      await slack.stop().catch(() => {});
      threads.sync.stop();
      database.close();
    },
  };
}
export type Bot = ReturnType<typeof createBot>;
