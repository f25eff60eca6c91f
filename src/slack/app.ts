import { randomUUID } from 'node:crypto';
import type { Server, ServerResponse } from 'node:http';
import { App, type Logger as BoltLogger, type CustomRoute, LogLevel } from '@slack/bolt';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { AppDeps } from './deps.js';
import { registerAppHome } from './listeners/app-home.js';
import { registerCommand } from './listeners/command.js';
import { registerItemActions } from './listeners/item-actions.js';
import { registerMaintenanceActions } from './listeners/maintenance-actions.js';
import { registerOutboxActions } from './listeners/outbox-actions.js';
import { registerReleaseActions } from './listeners/release-actions.js';
import { registerWatchActions } from './listeners/watch-actions.js';

export interface SlackAppOptions {
  config: Config;
  logger: Logger;
  boltLogger?: BoltLogger;
  /** Extra HTTP routes (metrics, Alertmanager webhook) served beside /slack/events. */
  routes?: CustomRoute[];
  ready: () => boolean;
  /** Called once per Slack interaction (metrics). */
  onInteraction?: (type: string, outcome: 'ok' | 'error', ms: number) => void;
  /** Seconds from a request's arrival to its HTTP answer (sent at ack()). */
  onAck?: (seconds: number) => void;
  /** The services the listeners use. */
  deps: AppDeps;
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

/** Bolt app over the HTTP receiver (POST /slack/events) or Socket Mode when an app token is set. */
export function createSlackApp(opts: SlackAppOptions) {
  const { config, logger } = opts;
  let draining = false;
  let inflight = 0;
  const routes: CustomRoute[] = [
    { path: '/health', method: ['GET'], handler: (_req, res) => json(res, 200, { status: 'pass' }) },
    {
      path: '/ready',
      method: ['GET'],
      handler: (_req, res) => {
        const ok = !draining && opts.ready();
        json(res, ok ? 200 : 503, {
          status: ok ? 'pass' : 'fail',
          database: ok ? 'reachable' : 'unreachable',
        });
      },
    },
    ...(opts.routes ?? []),
  ];
  const app = new App({
    token: config.slack.botToken,
    ...(config.slack.socketMode
      ? { socketMode: true, appToken: config.slack.appToken!, installerOptions: { port: config.port } }
      : { signingSecret: config.slack.signingSecret! }),
    customRoutes: routes,
    // Acknowledge first: Slack drops interactions not acked within 3 s, so the HTTP response goes out at ack().
    processBeforeResponse: false,
    ...(opts.boltLogger ? { logger: opts.boltLogger } : { logLevel: LogLevel.ERROR }),
    clientOptions: {
      ...(config.slack.apiUrl
        ? { slackApiUrl: config.slack.apiUrl.endsWith('/') ? config.slack.apiUrl : `${config.slack.apiUrl}/` }
        : {}),
      retryConfig: { retries: 4, factor: 2, minTimeout: 200, maxTimeout: 5_000 },
      rejectRateLimitedCalls: false,
    },
  });
  app.error(async (error) => {
    logger.error({ err: error }, 'unhandled error in a Slack listener');
  });

  const { deps } = opts;
  // Idempotency: Slack may deliver the same interaction twice (retries, replays within the signature window).
  app.use(async (args) => {
    const body = args.body as {
      trigger_id?: string;
      view?: { id?: string; hash?: string };
      actions?: { action_ts?: string }[];
      user?: { id?: string };
    };
    const key =
      body.trigger_id ??
      (body.view?.id
        ? `${body.view.id}:${body.view.hash}`
        : body.actions?.[0]?.action_ts
          ? `${body.user?.id}:${body.actions[0].action_ts}`
          : undefined);
    if (key && !deps.releases.repo.claimRequest(key, deps.clock.now())) {
      logger.info({ key }, 'duplicate Slack delivery ignored');
      const ack = (args as { ack?: () => Promise<void> }).ack;
      if (ack) await ack();
      return;
    }
    await args.next();
  });
  // Structured log line per interaction, with a request ID that listeners' logs carry too.
  app.use(async ({ body, context, next }) => {
    const b = body as {
      type?: string;
      command?: string;
      user?: { id?: string };
      user_id?: string;
      actions?: { action_id?: string }[];
      view?: { callback_id?: string };
    };
    const requestId = randomUUID();
    const type = b.command ? 'slash_command' : (b.type ?? 'unknown');
    const what = b.command ?? b.actions?.[0]?.action_id ?? b.view?.callback_id;
    const log = logger.child({ requestId, type, what, user: b.user?.id ?? b.user_id });
    context.requestId = requestId;
    context.log = log;
    const started = performance.now();
    inflight++;
    try {
      await next();
      log.info({ ms: Math.round(performance.now() - started) }, 'interaction handled');
      opts.onInteraction?.(type, 'ok', performance.now() - started);
    } catch (e) {
      log.error({ err: e, ms: Math.round(performance.now() - started) }, 'interaction failed');
      opts.onInteraction?.(type, 'error', performance.now() - started);
      throw e;
    } finally {
      inflight--;
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
    /** Listens (HTTP on `port`, or Socket Mode); returns the HTTP server when there is one. */
    async start(port: number): Promise<Server | undefined> {
      const started = (await (config.slack.socketMode
        ? app.start()
        : app.start({ port, host: config.host }))) as unknown;
      const server =
        started && typeof (started as Server).address === 'function' ? (started as Server) : undefined;
      // Ack latency as Slack sees it: from the request's arrival to the HTTP response (sent at ack()).
      server?.on('request', (req, res) => {
        if (req.method !== 'POST' || !req.url?.startsWith('/slack/events')) return;
        const t = performance.now();
        res.once('finish', () => opts.onAck?.((performance.now() - t) / 1000));
      });
      return server;
    },
    /** Interactions whose listener (including work after the ack) is still running. */
    inflight: () => inflight,
    /** Stop taking requests: /ready turns 503 so load balancers drain us, then the receiver closes. */
    async stop() {
      draining = true;
      await app.stop();
    },
  };
}
