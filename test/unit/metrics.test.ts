import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics, interactionType, metricsHandler } from '../../src/metrics.js';
import { sample } from '../helpers/metric-sample.js';

describe('metrics', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    server = undefined;
  });

  it('can be created many times in one process', () => {
    expect(() => [createMetrics(), createMetrics()]).not.toThrow();
  });

  it('counts interactions by type and outcome', async () => {
    const m = createMetrics({ defaultMetrics: false });
    m.interactions.inc({ type: interactionType('block_actions'), outcome: 'ok' });
    m.interactions.inc({ type: interactionType('block_actions'), outcome: 'ok' });
    m.interactions.inc({ type: interactionType('slash_command'), outcome: 'refused' });
    const text = await m.registry.metrics();
    expect(sample(text, 'deploy_check_interactions_total{type="block_action",outcome="ok"}')).toBe(2);
    expect(sample(text, 'deploy_check_interactions_total{type="slash_command",outcome="refused"}')).toBe(1);
  });

  it('puts ack latencies into buckets up to Slack’s 3 s limit', async () => {
    const m = createMetrics({ defaultMetrics: false });
    m.ackLatency.observe({ type: 'view_submission' }, 0.004);
    m.ackLatency.observe({ type: 'view_submission' }, 2.5);
    const text = await m.registry.metrics();
    const series = (le: string) =>
      `deploy_check_ack_latency_seconds_bucket{le="${le}",type="view_submission"}`;
    expect(sample(text, series('0.001'))).toBe(0);
    expect(sample(text, series('0.005'))).toBe(1);
    expect(sample(text, series('3'))).toBe(2);
    expect(sample(text, 'deploy_check_ack_latency_seconds_count{type="view_submission"}')).toBe(2);
  });

  it('reports probe runs, probe durations and watch samples', async () => {
    const m = createMetrics({ defaultMetrics: false });
    m.probeRuns.inc({ outcome: 'fail' });
    m.probeDuration.observe(1.7);
    m.watchSamples.inc({ result: 'breach' }, 2);
    const text = await m.registry.metrics();
    expect(sample(text, 'deploy_check_probe_runs_total{outcome="fail"}')).toBe(1);
    expect(sample(text, 'deploy_check_probe_duration_seconds_bucket{le="2.5"}')).toBe(1);
    expect(sample(text, 'deploy_check_watch_samples_total{result="breach"}')).toBe(2);
  });

  it('reads release counts at scrape time and reports empty statuses as 0', async () => {
    let open = 2;
    const m = createMetrics({
      defaultMetrics: false,
      countReleases: async () => ({ open, deployed: 5 }),
    });
    expect(sample(await m.registry.metrics(), 'deploy_check_releases{status="open"}')).toBe(2);
    open = 3;
    const text = await m.registry.metrics();
    expect(sample(text, 'deploy_check_releases{status="open"}')).toBe(3);
    expect(sample(text, 'deploy_check_releases{status="deployed"}')).toBe(5);
    expect(sample(text, 'deploy_check_releases{status="rolled_back"}')).toBe(0);
  });

  it('reads the outbox at scrape time', async () => {
    const m = createMetrics({
      defaultMetrics: false,
      outboxStats: async () => ({ depth: 5, blocked: 1, failed: 2, oldestAgeMs: 3000 }),
    });
    const text = await m.registry.metrics();
    expect(sample(text, 'deploy_check_outbox_depth{status="waiting"}')).toBe(4);
    expect(sample(text, 'deploy_check_outbox_depth{status="failed"}')).toBe(2);
    expect(sample(text, 'deploy_check_outbox_oldest_age_seconds')).toBe(3);
  });

  it('reports the database pool at scrape time, and counts slow queries and pool waits', async () => {
    let stats = { total: 10, idle: 0, waiting: 4, max: 10 };
    const m = createMetrics({ defaultMetrics: false, poolStats: () => stats });
    m.dbSlowQueries.inc();
    m.dbPoolWaits.inc(2);
    let text = await m.registry.metrics();
    expect(sample(text, 'deploy_check_db_pool_connections{state="total"}')).toBe(10);
    expect(sample(text, 'deploy_check_db_pool_connections{state="idle"}')).toBe(0);
    expect(sample(text, 'deploy_check_db_pool_connections{state="waiting"}')).toBe(4);
    expect(sample(text, 'deploy_check_db_pool_max')).toBe(10);
    expect(sample(text, 'deploy_check_db_slow_queries_total')).toBe(1);
    expect(sample(text, 'deploy_check_db_pool_waits_total')).toBe(2);
    stats = { total: 1, idle: 1, waiting: 0, max: 1 };
    text = await m.registry.metrics();
    expect(sample(text, 'deploy_check_db_pool_connections{state="idle"}')).toBe(1);
    expect(sample(text, 'deploy_check_db_pool_max')).toBe(1);
  });

  it('serves Prometheus text with default process metrics over HTTP', async () => {
    const m = createMetrics();
    m.slackRateLimited.inc({ method: 'chat.update' });
    const handle = metricsHandler(m);
    server = createServer((req, res) => handle(req, res));
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(m.registry.contentType);
    expect(sample(text, 'deploy_check_slack_rate_limited_total{method="chat.update"}')).toBe(1);
    expect(text).toContain('# TYPE deploy_check_process_cpu_seconds_total counter');
  });

  it('answers 500 when a collector throws instead of hanging the scrape', async () => {
    const m = createMetrics({
      defaultMetrics: false,
      countReleases: async () => {
        throw new Error('database is locked');
      },
    });
    const handle = metricsHandler(m);
    server = createServer((req, res) => handle(req, res));
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`);
    expect(res.status).toBe(500);
    expect(await res.text()).toContain('database is locked');
  });
});
