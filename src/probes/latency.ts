import { probeUrl } from './probe-url.js';
import { type Probe, verdict } from './types.js';

// Small on purpose: the probe measures the service, it must not load it.
const CONCURRENCY = 4;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

export const latency: Probe = async ({ url, http, settings }) => {
  const target = probeUrl(url, settings.latencyPath ?? '/health');
  const times: number[] = [];
  let left = settings.latencyRequests;
  const worker = async () => {
    // Uncounted first request: it pays the TCP/TLS setup, which would otherwise be most of p95 with few samples.
    await http.request(target, { maxBytes: 256 * 1024 });
    while (left-- > 0) times.push((await http.request(target, { maxBytes: 256 * 1024 })).ms);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, settings.latencyRequests) }, worker));
  const sorted = times.sort((a, b) => a - b);
  const [p50, p95, p99] = [50, 95, 99].map((p) => Math.round(percentile(sorted, p))) as [
    number,
    number,
    number,
  ];
  const budget = settings.latencyBudgetMs;
  const s = `p50 ${p50} ms · p95 ${p95} ms · p99 ${p99} ms over ${times.length} requests`;
  if (p95 <= budget) return verdict('pass', s, `GET ${target.href}, budget ${budget} ms`);
  return verdict(
    p95 <= 2 * budget ? 'warn' : 'fail',
    `${s} (budget ${budget} ms)`,
    `GET ${target.href}`,
    'Profile the slow path; check workers, database pool and timeouts.',
  );
};
