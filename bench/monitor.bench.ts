// Post-deploy watch: detection latency from the start of a spike to the rollback reminder, in sampling
// intervals, through the real watch service and a real /metrics server (baseline: `consecutive`, the
// theoretical minimum); the same end to end against a real Prometheus scraping every second (detection
// and recovery delay, baselines `consecutive` and one interval); and memory across 10,000 detector
// samples against 100 (flat means ratio ≈ 1).
import { type DetectorSettings, type DetectorState, detect, initialState } from '../src/monitor/detector.js';
import { createTestDatabase } from '../test/helpers/db.js';
import { startInstrumentedApp } from '../test/helpers/instrumented-app.js';
import { startMetricsTarget } from '../test/helpers/metrics-targets.js';
import { prometheusBinary, startPrometheus } from '../test/helpers/real-prometheus.js';
import { spikeAndRecovery } from '../test/integration/monitor/prometheus-scenarios.js';
import { configWith, createHarness, OWNER, seedRelease } from '../test/integration/monitor/watch-fixture.js';
import { type BenchReport, type BenchRow, row } from './report.js';

const INTERVAL = 30_000;

async function latencyIntervals(consecutive: number): Promise<number> {
  const target = await startMetricsTarget();
  const database = await createTestDatabase();
  const h = createHarness(
    database.db,
    configWith([
      {
        name: 'api',
        baseUrl: target.url,
        monitor: { source: { type: 'metrics', url: target.metricsUrl }, consecutive },
      },
    ]),
  );
  try {
    const releaseId = await seedRelease(database.db, h.clock.now());
    await h.service.start(releaseId, OWNER);
    await h.step(0);
    for (let i = 0; i < 5; i++) {
      target.serve(600, 1);
      await h.step(INTERVAL);
    }
    // The spike starts right after a sample: the worst case for a delta-based source is one interval more.
    for (let n = 1; n <= 20; n++) {
      target.serve(600, 30);
      await h.step(INTERVAL);
      if (h.slack.matching(/Consider rolling back/).length) return n;
    }
    return Number.NaN;
  } finally {
    h.service.stop();
    await h.service.settled();
    await database.cleanup();
    await target.close();
  }
}

const settings: DetectorSettings = {
  threshold: 0.01,
  consecutive: 2,
  minRequests: 50,
  repeatMs: 600_000,
  endsAt: Number.MAX_SAFE_INTEGER,
  hardEndsAt: Number.MAX_SAFE_INTEGER,
  sampled: true,
};

function runDetector(samples: number): { state: DetectorState; heap: number } {
  let state = initialState();
  const t0 = Date.UTC(2026, 0, 1);
  for (let i = 0; i < samples; i++) {
    // A spike every 100 samples, so the alert paths run too.
    const spike = i % 100 >= 50 && i % 100 < 55;
    const total = 500 + (i % 7);
    const errors = spike ? 40 : i % 3;
    state = detect(
      state,
      { rate: { total, errors, ratio: errors / total }, healthy: i % 50 !== 0 },
      settings,
      t0 + i * 30_000,
    ).state;
  }
  (globalThis as { gc?: () => void }).gc?.();
  return { state, heap: process.memoryUsage().heapUsed };
}

/** Spike and recovery against a real Prometheus (1 s scrapes), at 1 s and 2 s sampling intervals. */
async function prometheusDelays(): Promise<BenchRow[]> {
  const binary = prometheusBinary();
  if (!binary) {
    const na = 'n/a: no prometheus binary (apt-get install prometheus)';
    return [row('detection delay, real Prometheus', Number.NaN, 2, 'intervals', na)];
  }
  const app = await startInstrumentedApp();
  const prom = await startPrometheus(binary, app.host);
  app.startTraffic(100);
  const rows: BenchRow[] = [];
  try {
    await new Promise((r) => setTimeout(r, 3000));
    for (const seconds of [1, 2]) {
      const r = await spikeAndRecovery(prom.url, app, seconds, 2);
      const where = `real Prometheus, 1 s scrapes, ${seconds} s samples`;
      rows.push(
        row(
          `detection delay (${where})`,
          r.detectionIntervals,
          2,
          'intervals',
          'spike → reminder; baseline consecutive=2; goal ≤ 2 + one scrape',
        ),
        row(
          `recovery delay (${where})`,
          r.recoveryIntervals,
          1,
          'intervals',
          'errors stop → recovery; baseline one interval; goal ≤ consecutive + one scrape',
        ),
        row(`stated ratio (${where})`, r.statedRatio * 100, 30, '%', 'reminder vs the 30 % the app served'),
      );
    }
  } finally {
    await app.close();
    await prom.close();
  }
  return rows;
}

export default async function monitorBench(): Promise<BenchReport> {
  const rows = await prometheusDelays();
  for (const consecutive of [1, 2, 3]) {
    const n = await latencyIntervals(consecutive);
    rows.push(
      row(
        `detection latency (consecutive=${consecutive})`,
        n,
        consecutive,
        'intervals',
        'spike start → reminder posted',
      ),
    );
  }
  const small = runDetector(100);
  const large = runDetector(10_000);
  const size = (s: DetectorState) => JSON.stringify(s).length;
  rows.push(
    row(
      'stored detector state after 10,000 samples',
      size(large.state),
      size(small.state),
      'bytes',
      'vs after 100',
    ),
  );
  rows.push(
    row(
      'heap after 10,000 detector samples',
      large.heap / 1024,
      small.heap / 1024,
      'KiB',
      (globalThis as { gc?: unknown }).gc ? 'after gc, vs after 100' : 'no --expose-gc: noisy, vs after 100',
    ),
  );
  return { name: 'monitor', rows };
}
