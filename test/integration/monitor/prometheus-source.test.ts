import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPrometheusSource, defaultQueries } from '../../../src/monitor/sources/prometheus.js';
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

  it('reads the ratio and the request count from string values', async () => {
    prom.set({ ratio: '0.025', total: '400' });
    expect(await source().sample(Date.now())).toEqual({ ratio: 0.025, errors: 10, total: 400 });
  });

  it('sends the default queries that fit prometheus-fastapi-instrumentator', async () => {
    await source().sample(Date.now());
    expect(prom.queries.sort()).toEqual(Object.values(defaultQueries(30)).sort());
    expect(prom.queries.join(' ')).toContain('http_requests_total{status="5xx"}');
  });

  it('treats an empty result (no traffic, 0/0) as zero requests, not as an error', async () => {
    prom.set({ ratio: null, total: '0' });
    expect(await source().sample(Date.now())).toEqual({ ratio: 0, errors: 0, total: 0 });
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
  it('posts a reminder with the observed figures after consecutive breaches', async () => {
    const prom = await startFakePrometheus();
    const target = await startMetricsTarget();
    const database = createTestDatabase();
    const h = createHarness(
      database.db,
      configWith([
        { name: 'api', baseUrl: target.url, monitor: { source: { type: 'prometheus', url: prom.url } } },
      ]),
    );
    try {
      const releaseId = seedRelease(database.db, h.clock.now());
      prom.set({ ratio: '0.04', total: '1000' });
      await h.service.start(releaseId, OWNER);
      await h.step(0);
      expect(h.slack.matching(/Consider rolling back/)).toHaveLength(0);
      await h.step(30_000);
      const [reminder] = h.slack.matching(/Consider rolling back/);
      expect(reminder?.text).toContain('4.00% (40 of 1,000 requests)');
      expect(h.slack.posts[0]?.text).toContain(`Prometheus (${new URL(prom.url).host})`);
    } finally {
      await h.stop();
      database.cleanup();
      await prom.close();
      await target.close();
    }
  });
});
