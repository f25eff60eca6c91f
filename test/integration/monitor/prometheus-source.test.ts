import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countersQuery, createPrometheusSource } from '../../../src/monitor/sources/prometheus.js';
import { createTestDatabase } from '../../helpers/db.js';
import { startFakePrometheus, startMetricsTarget } from '../../helpers/metrics-targets.js';
import { configWith, createHarness, OWNER, seedRelease } from './watch-fixture.js';

describe('Prometheus HTTP API source', () => {
  let prom: Awaited<ReturnType<typeof startFakePrometheus>>;
  beforeEach(async () => {
    prom = await startFakePrometheus();
  });
  afterEach(async () => {
    await prom.close();
  });

  const source = () => createPrometheusSource({ url: prom.url, intervalSeconds: 30, timeoutMs: 2000 });
  const custom = () =>
    createPrometheusSource({
      url: prom.url,
      intervalSeconds: 30,
      timeoutMs: 2000,
      query:
        'sum(rate(http_requests_total{job="api",status="5xx"}[30s])) / sum(rate(http_requests_total{job="api"}[30s]))',
    });

  it('reports each sample from the counter increase since the previous read, not from older traffic', async () => {
    const s = source();
    prom.serve(5000, 400);
    expect(await s.sample(1_000)).toEqual({ ratio: 0, errors: 0, total: 0, unauthorized: 0 });
    prom.serve(1201, 358);
    expect(await s.sample(31_000)).toEqual({
      ratio: 358 / 1201,
      errors: 358,
      total: 1201,
      unauthorized: 0,
      since: 1_000,
    });
    prom.serve(100, 0);
    expect(await s.sample(61_000)).toMatchObject({ errors: 0, total: 100, since: 31_000 });
  });

  it('reads the counters per process and status with the default query', async () => {
    await source().sample(Date.now());
    expect(prom.queries).toEqual([countersQuery()]);
    expect(countersQuery('job="api"')).toBe(
      'sum by (job, instance, status) (http_requests_total{job="api"})',
    );
  });

  it('continues from the stored counters after a restart instead of taking a new baseline', async () => {
    const first = source();
    prom.serve(1000, 0);
    await first.sample(1_000);
    const restored = createPrometheusSource({
      url: prom.url,
      intervalSeconds: 30,
      previous: first.memo?.() as { counters: Record<string, number>; at: number },
    });
    prom.serve(200, 50);
    expect(await restored.sample(31_000)).toMatchObject({ errors: 50, total: 200, since: 1_000 });
  });

  it('reads the ratio and the request count of a custom query from string values', async () => {
    prom.set({ ratio: '0.025', total: '400' });
    expect(await custom().sample(Date.now())).toEqual({ ratio: 0.025, errors: 10, total: 400 });
    expect(prom.queries).toContain('sum(increase(http_requests_total[30s]))');
  });

  it('keeps a configured requestsQuery alone working, with the ratio over the sampling interval', async () => {
    prom.set({ ratio: '0.5', total: '10' });
    const s = createPrometheusSource({
      url: prom.url,
      intervalSeconds: 30,
      requestsQuery: 'sum(increase(my_requests[30s]))',
    });
    expect(await s.sample(Date.now())).toEqual({ ratio: 0.5, errors: 5, total: 10 });
    expect(prom.queries.sort()).toEqual([
      'sum(increase(my_requests[30s]))',
      'sum(rate(http_requests_total{status="5xx"}[30s])) / sum(rate(http_requests_total[30s]))',
    ]);
  });

  it('treats an empty custom result (no traffic, 0/0) as zero requests, not as an error', async () => {
    prom.set({ ratio: null, total: '0' });
    expect(await custom().sample(Date.now())).toEqual({ ratio: 0, errors: 0, total: 0 });
  });

  it('reports an unavailable Prometheus with the reason', async () => {
    prom.fail(503);
    expect(await source().sample(Date.now())).toEqual({ unavailable: 'Prometheus query failed: HTTP 503' });
  });

  it('reports a refused connection as unavailable instead of throwing', async () => {
    const url = prom.url;
    await prom.close();
    const r = await createPrometheusSource({ url, intervalSeconds: 30, timeoutMs: 1000 }).sample(Date.now());
    expect(r).toEqual({ unavailable: expect.stringContaining('ECONNREFUSED') });
  });
});

describe('post-deploy watch reading Prometheus', () => {
  it('posts a reminder with the observed figures after consecutive breaches, reading the configured selector', async () => {
    const prom = await startFakePrometheus();
    const target = await startMetricsTarget();
    const database = await createTestDatabase();
    const h = createHarness(
      database.db,
      configWith([
        {
          name: 'api',
          baseUrl: target.url,
          monitor: { source: { type: 'prometheus', url: prom.url, selector: 'job="api"' } },
        },
      ]),
    );
    try {
      const releaseId = await seedRelease(database.db, h.clock.now());
      prom.serve(50_000, 10);
      await h.service.start(releaseId, OWNER);
      await h.step(0);
      prom.serve(1000, 40);
      await h.step(30_000);
      expect(h.slack.matching(/Consider rolling back/)).toHaveLength(0);
      prom.serve(1000, 40);
      await h.step(30_000);
      const [reminder] = h.slack.matching(/Consider rolling back/);
      expect(reminder?.text).toContain('4.0 % — 40 of 1,000 requests in the last 30 s');
      expect(h.slack.posts[0]?.text).toContain(`Prometheus (${new URL(prom.url).host})`);
      expect(new Set(prom.queries)).toEqual(new Set([countersQuery('job="api"')]));
    } finally {
      await h.stop();
      await database.cleanup();
      await prom.close();
      await target.close();
    }
  });
});
