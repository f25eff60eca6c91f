// Error-rate chart cost: one chart for a 30-minute watch at 30 s (60 samples) against its 50 ms budget, and
// for 24 hours at 10 s (8,640 samples) against 200 ms; the 24-hour chart against the 30-minute one in the
// same run (bucketing keeps it near-flat); heap after many 24-hour charts against after a few (bounded
// memory); and how long the event loop is held during one 24-hour chart (what an ack could wait).
import { renderErrorRateChart } from '../src/charts/error-rate-chart.js';
import type { ErrorRateChartInput } from '../src/charts/error-rate-input.js';
import { type BenchReport, row } from './report.js';

const DEPLOY = Date.UTC(2026, 11, 3, 14, 2);

function watch(samples: number, intervalMs: number): ErrorRateChartInput {
  return {
    service: 'checkout',
    version: '1.4.2',
    env: 'production',
    deployedAt: DEPLOY,
    threshold: 0.05,
    minRequests: 20,
    intervalMs,
    samples: Array.from({ length: samples }, (_, i) => {
      const total = 1000 + Math.round(200 * Math.sin(i / 7));
      const ratio = i % 97 === 0 || (i > samples * 0.6 && i < samples * 0.65) ? 0.25 : 0.01;
      return { at: DEPLOY + (i + 1) * intervalMs, total, errors: Math.round(ratio * total), ratio };
    }),
  };
}

async function medianMs(input: ErrorRateChartInput, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await renderErrorRateChart(input);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

const gc = () => (globalThis as { gc?: () => void }).gc?.();
async function heapAfter(input: ErrorRateChartInput, charts: number): Promise<number> {
  for (let i = 0; i < charts; i++) await renderErrorRateChart(input);
  gc();
  return process.memoryUsage().heapUsed;
}

export default async function run(): Promise<BenchReport> {
  const short = watch(60, 30_000);
  const day = watch(8640, 10_000);
  // Warm up: the first chart compiles and parses the Vega-Lite spec once per process.
  await renderErrorRateChart(short);
  await renderErrorRateChart(day);
  const shortMs = await medianMs(short, 15);
  const dayMs = await medianMs(day, 15);
  const few = await heapAfter(day, 3);
  const many = await heapAfter(day, 40);
  // The longest the event loop went without a turn while one day chart was drawn (a 1 ms ticker's gap).
  let last = performance.now();
  let stall = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    stall = Math.max(stall, now - last);
    last = now;
  }, 1);
  await renderErrorRateChart(day);
  await new Promise((r) => setTimeout(r, 5));
  clearInterval(ticker);
  const note = (globalThis as { gc?: unknown }).gc ? 'after gc' : 'no --expose-gc: noisy';
  return {
    name: 'error-rate chart',
    rows: [
      row('30 min at 30 s (60 points), median', shortMs, 50, 'ms', 'baseline: the 50 ms budget'),
      row('24 h at 10 s (8,640 points), median', dayMs, 200, 'ms', 'baseline: the 200 ms budget'),
      row('24 h chart vs 30 min chart', dayMs, shortMs, 'ms', 'same run: bucketing keeps drawing near-flat'),
      row('heap after 40 day charts', many / 1024, few / 1024, 'KiB', `${note}, vs after 3`),
      row(
        'longest event-loop stall in one day chart',
        stall,
        dayMs,
        'ms',
        'vs the whole chart: Vega runs on the main thread, resvg on the thread pool',
      ),
    ],
  };
}
