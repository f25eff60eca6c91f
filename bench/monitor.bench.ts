// Post-deploy watch: detection latency from the start of a spike to the rollback reminder, in sampling
// intervals, through the real watch service and a real /metrics server (baseline: `consecutive`, the
// theoretical minimum); and memory across 10,000 detector samples against 100 (flat means ratio ≈ 1).
import { type DetectorSettings, type DetectorState, detect, initialState } from '../src/monitor/detector.js';
import { createTestDatabase } from '../test/helpers/db.js';
import { startMetricsTarget } from '../test/helpers/metrics-targets.js';
import { configWith, createHarness, OWNER, seedRelease } from '../test/integration/monitor/watch-fixture.js';
import { type BenchReport, row } from './report.js';

const INTERVAL = 30_000;

async function latencyIntervals(consecutive: number): Promise<number> {
  const target = await startMetricsTarget();
  const database = createTestDatabase();
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
    const releaseId = seedRelease(database.db, h.clock.now());
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
    database.cleanup();
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

export default async function monitorBench(): Promise<BenchReport> {
  const rows = [];
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
