import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../../src/clock.js';
import { startInstrumentedApp } from '../../helpers/instrumented-app.js';
import { prometheusBinary, SCRAPE_INTERVAL_MS, startPrometheus } from '../../helpers/real-prometheus.js';
import { spikeAndRecovery, startPrometheusWatch } from './prometheus-scenarios.js';

const binary = prometheusBinary();
if (!binary)
  console.warn(
    "SKIPPED prometheus-real.test.ts: no `prometheus` binary (on CI, .ci/run installs Debian's prometheus package; locally: apt-get install prometheus)",
  );

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Real Prometheus 2.x on loopback, scraping an instrumentator-style app every second while the test sends it traffic. */
describe.skipIf(!binary)('post-deploy watch against a real Prometheus', () => {
  let app: Awaited<ReturnType<typeof startInstrumentedApp>>;
  let prom: Awaited<ReturnType<typeof startPrometheus>>;

  beforeAll(async () => {
    app = await startInstrumentedApp();
    prom = await startPrometheus(binary!, app.host);
    app.startTraffic(100);
    // Prometheus has the app's counters once two scrapes have happened.
    for (let i = 0; i < 100; i++) {
      const r = await fetch(`${prom.url}/api/v1/query?query=${encodeURIComponent('http_requests_total')}`);
      const body = (await r.json()) as { data?: { result?: unknown[] } };
      if (body.data?.result?.length) break;
      await sleep(100);
    }
  }, 45_000);
  /** Waits until Prometheus has scraped `n` 5xx answers (the blip is in its counters, whatever the load). */
  const scraped = async (n: number) => {
    const q = encodeURIComponent('sum(http_requests_total{status="5xx"})');
    for (let i = 0; i < 200; i++) {
      const r = await fetch(`${prom.url}/api/v1/query?query=${q}`);
      const body = (await r.json()) as { data?: { result?: { value: [number, string] }[] } };
      if (Number(body.data?.result?.[0]?.value[1] ?? 0) >= n) return;
      await sleep(100);
    }
  };
  afterAll(async () => {
    await app?.close();
    await prom?.close();
  });

  it('does not remind on a one-second blip at the default settings (30 s samples, 2 consecutive)', async () => {
    const clock = createManualClock(Date.now());
    const watch = await startPrometheusWatch(prom.url, app, {}, clock);
    const sample = async () => {
      // Let Prometheus scrape the traffic so far, then take the next 30 s sample.
      await sleep(2 * SCRAPE_INTERVAL_MS);
      await watch.h.step(30_000);
    };
    try {
      await watch.h.step(0);
      await sample();
      await sample();
      const before = app.failures;
      app.setErrorRate(1);
      await sleep(1000);
      app.setErrorRate(0);
      const blip = app.failures - before;
      await scraped(app.failures);
      for (let i = 0; i < 3; i++) await sample();
      const breaches = watch.h.samples.filter((s) => s.result === 'breach');
      // The whole blip lands in the one sample that covers it, and in no other.
      expect(blip).toBeGreaterThan(0);
      expect(breaches.map((b) => b.figures?.errors)).toEqual([blip]);
      expect(watch.h.slack.matching(/Consider rolling back/)).toHaveLength(0);
    } finally {
      await watch.close();
    }
  }, 30_000);

  it('reminds within 2 intervals plus one scrape of a sustained 30 % spike, stating about 30 %, and announces recovery within `consecutive` intervals plus one scrape', async () => {
    const r = await spikeAndRecovery(prom.url, app, 1, 2);
    expect(r.detectionSamples).toBeLessThanOrEqual(2 + 1);
    expect(r.statedRatio).toBeGreaterThan(0.25);
    expect(r.statedRatio).toBeLessThan(0.35);
    expect(r.reminderText).toMatch(/requests in the last 1 s/);
    expect(r.recoverySamples).toBeLessThanOrEqual(2 + 1);
  }, 30_000);

  it('reports no false ratio when the app restarts (counters back to zero) during the watch', async () => {
    const watch = await startPrometheusWatch(prom.url, app, { intervalSeconds: 1, minRequests: 20 });
    try {
      app.setErrorRate(0);
      await sleep(3000);
      const restartAt = Date.now();
      await app.restart();
      await sleep(5000);
      const after = watch.samplesBetween(restartAt, Date.now()).map((s) => s.figures!);
      expect(after.length).toBeGreaterThanOrEqual(3);
      for (const f of after) {
        expect(f.total).toBeGreaterThanOrEqual(0);
        expect(f.errors).toBeGreaterThanOrEqual(0);
        expect(f.ratio).toBeLessThanOrEqual(0.01);
      }
      // The traffic after the restart is measured, not lost.
      expect(after.some((f) => f.total >= 20)).toBe(true);
      expect(watch.h.slack.matching(/Consider rolling back/)).toHaveLength(0);
    } finally {
      await watch.close();
    }
  }, 30_000);
});
