import { randomUUID } from 'node:crypto';
import type { Server, ServerResponse } from 'node:http';
import { App, type Logger as BoltLogger, type CustomRoute, LogLevel } from '@slack/bolt';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { StartupStepError } from '../startup-error.js';
import type { AppDeps } from './deps.js';
import { drainEarlyAnswers } from './drain-early-answers.js';
import { registerAppHome } from './listeners/app-home.js';
import { registerCommand } from './listeners/command.js';
import { registerItemActions } from './listeners/item-actions.js';
import { registerMaintenanceActions } from './listeners/maintenance-actions.js';
import { registerOutboxActions } from './listeners/outbox-actions.js';
import { registerReleaseActions } from './listeners/release-actions.js';
import { registerWatchActions } from './listeners/watch-actions.js';
import { describeInteraction } from './payloads.js';
import { ackUnknownActions, guardHttpRequests } from './request-guards.js';
import { createSocketReceiver } from './socket-receiver.js';

export interface SlackAppOptions {
  config: Config;
  logger: Logger;
  boltLogger?: BoltLogger;
  /** Extra HTTP routes (metrics, Alertmanager webhook) served beside /slack/events. */
  routes?: CustomRoute[];
  /** Whether the database answers (GET /ready). */
  ready: () => Promise<boolean>;
  /** Called once per Slack interaction (metrics). */
  onInteraction?: (type: string, outcome: 'ok' | 'error', ms: number) => void;
  /** Milliseconds from a Slack request's arrival to its ack, in either mode. */
  onAck?: (mode: 'http' | 'socket', ms: number) => void;
  /** No Slack request waits for its ack any more (the outbox's held writes may go; see `acks`). */
  onAllAcked?: () => void;
  /** The services the listeners use. */
  deps: AppDeps;
}

/** Answer times kept for `acks.spanMs` (how many answers close together make a burst). */
const ACKS_KEPT = 5;

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

/** Bolt app over the HTTP receiver (POST /slack/events) or Socket Mode when an app token is set. */
export function createSlackApp(opts: SlackAppOptions) {
  const { config, logger } = opts;
  let draining = false;
  let inflight = 0;
  /** Slack requests (HTTP) or envelopes (Socket Mode) that arrived and are not answered yet. */
  let unacked = 0;
  /** When the last few requests were answered, newest first. */
  const ackedAt: number[] = [];
  const arrive = () => {
    unacked++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      ackedAt.unshift(performance.now());
      ackedAt.length = Math.min(ackedAt.length, ACKS_KEPT);
      if (--unacked === 0) opts.onAllAcked?.();
    };
  };
  const routes: CustomRoute[] = [
    { path: '/health', method: ['GET'], handler: (_req, res) => json(res, 200, { status: 'pass' }) },
    {
      path: '/ready',
      method: ['GET'],
      handler: async (_req, res) => {
        const ok = !draining && (await opts.ready());
        json(res, ok ? 200 : 503, {
          status: ok ? 'pass' : 'fail',
          database: ok ? 'reachable' : 'unreachable',
        });
      },
    },
    ...(opts.routes ?? []),
  ];
  const apiUrl = config.slack.apiUrl?.replace(/\/?$/, '/');
  const app = new App({
    token: config.slack.botToken,
    // auth.test runs in start() (init), where its failure can be reported; in the constructor it escapes.
    deferInitialization: true,
    ...(config.slack.socketMode
      ? {
          receiver: createSocketReceiver({
            appToken: config.slack.appToken!,
            port: config.port,
            host: config.host,
            ...(apiUrl ? { apiUrl } : {}),
            routes,
            ...(opts.boltLogger ? { logger: opts.boltLogger } : {}),
            onAck: (ms) => opts.onAck?.('socket', ms),
            onArrive: arrive,
          }),
        }
      : { signingSecret: config.slack.signingSecret!, customRoutes: routes }),
    // Acknowledge first: Slack drops interactions not acked within 3 s, so the HTTP response goes out at ack().
    processBeforeResponse: false,
    ...(opts.boltLogger ? { logger: opts.boltLogger } : { logLevel: LogLevel.ERROR }),
    clientOptions: {
      ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
      retryConfig: { retries: 4, factor: 2, minTimeout: 200, maxTimeout: 5_000 },
      rejectRateLimitedCalls: false,
    },
  });
  app.error(async (error) => {
    logger.error({ err: error }, 'unhandled error in a Slack listener');
  });

  const { deps } = opts;
  ackUnknownActions(app, logger);
  // Counted from the first middleware: an event is acked before its listener runs, and the duplicate check
  // below is a database read, so shutdown and tests that wait for work in flight must see it from here.
  app.use(async ({ next }) => {
    inflight++;
    try {
      await next();
    } finally {
      inflight--;
    }
  });
  // Idempotency: Slack may deliver the same interaction twice (retries, replays within the signature window).
  app.use(async (args) => {
    const key = describeInteraction(args.body).dedupeKey;
    if (key && !(await deps.releases.repo.claimRequest(key, deps.clock.now()))) {
      logger.info({ key }, 'duplicate Slack delivery ignored');
      if ('ack' in args && typeof args.ack === 'function') await args.ack();
      return;
    }
    await args.next();
  });
  // Structured log line per interaction, with a request ID that listeners' logs carry too.
  app.use(async ({ body, context, next }) => {
    const { type, what, user } = describeInteraction(body);
    const requestId = randomUUID();
    const log = logger.child({ requestId, type, what, user });
    context.requestId = requestId;
    context.log = log;
    const started = performance.now();
    try {
      await next();
      log.info({ ms: Math.round(performance.now() - started) }, 'interaction handled');
      opts.onInteraction?.(type, 'ok', performance.now() - started);
    } catch (e) {
      log.error({ err: e, ms: Math.round(performance.now() - started) }, 'interaction failed');
      opts.onInteraction?.(type, 'error', performance.now() - started);
      throw e;
    }
  });
  registerCommand(app, deps);
  registerItemActions(app, deps);
  registerReleaseActions(app, deps);
  registerOutboxActions(app, deps);
  registerMaintenanceActions(app, {
    ...deps.jobs,
    permalink: deps.permalink,
    isAdmin: deps.isAdmin,
    messages: deps.maintenanceMessages,
    writes: deps.writes,
  });
  registerWatchActions(app, { watchService: deps.watch, logger });
  registerAppHome(app, deps);

  return {
    app,
    /** Verifies the bot token, then listens (HTTP) or connects (Socket Mode); failures name their variable. */
    async start(port = config.port): Promise<Server | undefined> {
      await app.init().catch((e: unknown) => {
        throw new StartupStepError('SLACK_BOT_TOKEN', e);
      });
      const started = (await (config.slack.socketMode
        ? app.start()
        : app.start({ port, host: config.host })
      ).catch((e: unknown) => {
        // In Socket Mode the receiver tags its own listen failure; the rest is the socket connection.
        if (e instanceof StartupStepError) throw e;
        throw new StartupStepError(config.slack.socketMode ? 'SLACK_APP_TOKEN' : 'PORT', e);
      })) as unknown;
      const server =
        started && typeof (started as Server).address === 'function' ? (started as Server) : undefined;
      if (server) {
        guardHttpRequests(server, {
          now: Date.now,
          onAck: (ms) => opts.onAck?.('http', ms),
          onArrive: arrive,
        });
        drainEarlyAnswers(server);
      }
      return server;
    },
    /** Interactions whose listener (including work after the ack) is still running. */
    inflight: () => inflight,
    /** How the bot is answering Slack requests now (a burst of them: see the outbox's `acks`). */
    acks: {
      /** Milliseconds since the last Slack request was answered, 0 while one waits for its ack. */
      quietMs: () => (unacked > 0 ? 0 : performance.now() - (ackedAt[0] ?? Number.NEGATIVE_INFINITY)),
      /** Milliseconds from the n-th last answer to the last (up to ACKS_KEPT; Infinity before n answers). */
      spanMs: (n: number) => (ackedAt[0] ?? 0) - (ackedAt[n - 1] ?? Number.NEGATIVE_INFINITY),
    },
    /** Start draining: /ready turns 503 so load balancers move traffic away; Slack requests are still acked. */
    drain() {
      draining = true;
    },
    /** Close the listener (HTTP) or the socket; call once in-flight work is done. */
    async stop() {
      draining = true;
      await app.stop();
    },
  };
}
