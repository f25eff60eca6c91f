import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { PoolStats } from './db/driver.js';

export type InteractionType = 'slash_command' | 'block_action' | 'view_submission' | 'webhook' | 'other';
export type InteractionOutcome = 'ok' | 'error' | 'refused';
export type ProbeOutcome = 'pass' | 'fail';
export type WatchSampleResult = 'ok' | 'breach' | 'unavailable';
export const RELEASE_STATUSES = ['open', 'approved', 'deployed', 'cancelled', 'rolled_back'] as const;

export interface MetricsOptions {
  /** Releases per status, read when /metrics is scraped (so the gauge is never stale). */
  countReleases?: () => Promise<Partial<Record<string, number>>>;
  /** Outbox depth and oldest-row age, read when /metrics is scraped. */
  outboxStats?: () => Promise<{ depth: number; blocked: number; failed: number; oldestAgeMs: number }>;
  /** Database connections in use, idle and awaited (SQLite: its one connection), read when scraped. */
  poolStats?: () => PoolStats;
  /** Process metrics (CPU, memory, event-loop lag); off in tests that only parse our own series. */
  defaultMetrics?: boolean;
}

/**
 * The bot's own Prometheus metrics on a private Registry: the global one would make every createMetrics()
 * after the first throw "metric already registered", which tests and a second bot in one process need.
 */
export function createMetrics(opts: MetricsOptions = {}) {
  const registry = new Registry();
  const registers = [registry];
  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'deploy_check_' });
  const countReleases = opts.countReleases;
  const outboxStats = opts.outboxStats;
  const poolStats = opts.poolStats;
  return {
    registry,
    interactions: new Counter({
      name: 'deploy_check_interactions_total',
      help: 'Slack interactions and webhooks handled, by type and outcome',
      labelNames: ['type', 'outcome'] as const,
      registers,
    }),
    // Slack gives up after 3 s, so the buckets are dense below 1 s and stop at 3.
    ackLatency: new Histogram({
      name: 'deploy_check_ack_latency_seconds',
      help: 'Time from receiving a Slack interaction to acknowledging it',
      labelNames: ['type'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3],
      registers,
    }),
    slackApiCalls: new Counter({
      name: 'deploy_check_slack_api_calls_total',
      help: 'Slack Web API calls by method and outcome',
      labelNames: ['method', 'outcome'] as const,
      registers,
    }),
    slackRateLimited: new Counter({
      name: 'deploy_check_slack_rate_limited_total',
      help: 'Slack Web API calls answered 429 and retried after Retry-After',
      labelNames: ['method'] as const,
      registers,
    }),
    probeRuns: new Counter({
      name: 'deploy_check_probe_runs_total',
      help: 'Probe suite runs by outcome (fail when any probe failed)',
      labelNames: ['outcome'] as const,
      registers,
    }),
    probeDuration: new Histogram({
      name: 'deploy_check_probe_duration_seconds',
      help: 'Wall time of a whole probe suite run',
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120],
      registers,
    }),
    watchSamples: new Counter({
      name: 'deploy_check_watch_samples_total',
      help: 'Post-deploy error-rate samples by result',
      labelNames: ['result'] as const,
      registers,
    }),
    outboxDepth: new Gauge({
      name: 'deploy_check_outbox_depth',
      help: 'Slack writes waiting in the outbox, by status (blocked: the bot is not in the channel; failed: refused for good)',
      labelNames: ['status'] as const,
      registers,
      async collect() {
        if (!outboxStats) return;
        const s = await outboxStats();
        this.set({ status: 'waiting' }, s.depth - s.blocked);
        this.set({ status: 'blocked' }, s.blocked);
        this.set({ status: 'failed' }, s.failed);
      },
    }),
    outboxOldestAge: new Gauge({
      name: 'deploy_check_outbox_oldest_age_seconds',
      help: 'Age of the oldest undelivered Slack write (0 when the outbox is empty)',
      registers,
      async collect() {
        if (!outboxStats) return;
        this.set((await outboxStats()).oldestAgeMs / 1000);
      },
    }),
    releases: new Gauge({
      name: 'deploy_check_releases',
      help: 'Releases by status',
      labelNames: ['status'] as const,
      registers,
      async collect() {
        if (!countReleases) return;
        const counts = await countReleases();
        // Every known status is reported, 0 included, so a status that empties does not vanish from graphs.
        for (const status of new Set([...RELEASE_STATUSES, ...Object.keys(counts)]))
          this.set({ status }, counts[status] ?? 0);
      },
    }),
    dbPoolConnections: new Gauge({
      name: 'deploy_check_db_pool_connections',
      help: 'Database connections: total open, idle, and callers waiting for one (SQLite: its one connection)',
      labelNames: ['state'] as const,
      registers,
      collect() {
        if (!poolStats) return;
        const s = poolStats();
        this.set({ state: 'total' }, s.total);
        this.set({ state: 'idle' }, s.idle);
        this.set({ state: 'waiting' }, s.waiting);
      },
    }),
    dbPoolMax: new Gauge({
      name: 'deploy_check_db_pool_max',
      help: 'Most database connections the pool opens (DATABASE_POOL_SIZE; 1 for SQLite)',
      registers,
      collect() {
        if (poolStats) this.set(poolStats().max);
      },
    }),
    dbSlowQueries: new Counter({
      name: 'deploy_check_db_slow_queries_total',
      help: 'Database statements that ran for a second or more',
      registers,
    }),
    dbPoolWaits: new Counter({
      name: 'deploy_check_db_pool_waits_total',
      help: 'Times a caller waited a second or more for a free database connection (the pool was exhausted)',
      registers,
    }),
    dbConnectionErrors: new Counter({
      name: 'deploy_check_db_connection_errors_total',
      help: 'Idle database connections lost (server restarted, network cut); the pool opens new ones',
      registers,
    }),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;

const OUTBOX_METHODS = {
  post: 'chat.postMessage',
  update: 'chat.update',
  ephemeral: 'chat.postEphemeral',
  upload: 'files.uploadV2',
  publish: 'views.publish',
} as const;

/** Counts one outbox write by Web API method and outcome (429s also as rate-limited). */
export function countOutboxResult(
  metrics: Pick<Metrics, 'slackApiCalls' | 'slackRateLimited'>,
  kind: keyof typeof OUTBOX_METHODS,
  outcome: 'ok' | 'error' | 'ratelimited',
): void {
  const method = OUTBOX_METHODS[kind];
  metrics.slackApiCalls.inc({ method, outcome: outcome === 'ok' ? 'ok' : 'error' });
  if (outcome === 'ratelimited') metrics.slackRateLimited.inc({ method });
}

/** Maps Bolt's body types (`block_actions`, `view_submission`, slash commands) onto the metric's label values. */
export function interactionType(raw: string): InteractionType {
  if (raw === 'slash_command' || raw === 'view_submission' || raw === 'webhook') return raw;
  if (raw === 'block_actions' || raw === 'block_action') return 'block_action';
  return 'other';
}

/** GET /metrics for Bolt's customRoutes: Prometheus text with the registry's own content type. */
export function metricsHandler(metrics: Pick<Metrics, 'registry'>) {
  return (_req: IncomingMessage, res: ServerResponse): void => {
    metrics.registry.metrics().then(
      (text) => {
        res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text);
      },
      (e: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics collection failed: ${String(e)}`);
      },
    );
  };
}
