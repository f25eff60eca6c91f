import type { Dispatcher } from 'undici';
import { scrubSecrets } from '../../logger.js';
import { type Counters, counterKey, createCounterTracker } from '../counter-delta.js';
import type { ErrorRateSource, SourceResult } from '../error-rate-source.js';
import { describeError, httpGet } from '../http-get.js';
import { parsePrometheusText } from '../prometheus-text.js';

export interface MetricsScrapeOptions {
  url: string;
  /** Sample name, e.g. `http_requests_total`; the counter's base name (without `_total`) also matches. */
  metric: string;
  statusLabel: string;
  headers?: Record<string, string>;
  /** Counters from the previous scrape (restored from the watch state after a restart). */
  previous?: Counters | undefined;
  /** When those counters were read. */
  previousAt?: number | undefined;
  dispatcher?: Dispatcher | undefined;
  timeoutMs?: number;
}

export function extractCounters(body: string, metric: string, statusLabel: string): Counters {
  const names = new Set([metric, `${metric}_total`]);
  const out: Counters = {};
  for (const s of parsePrometheusText(body))
    if (names.has(s.name) && Number.isFinite(s.value) && s.value >= 0)
      out[counterKey(s.name, s.labels, statusLabel)] = s.value;
  return out;
}

/**
 * Scrapes the service's own /metrics and computes the ratio from counter deltas between two scrapes.
 * The first scrape only sets the baseline and reports zero requests (below any minimum-requests gate).
 */
export function createMetricsScrapeSource(opts: MetricsScrapeOptions): ErrorRateSource {
  const deltas = createCounterTracker({ counters: opts.previous, at: opts.previousAt });
  return {
    description: `/metrics at ${opts.url}`,
    memo: deltas.memo,
    async sample(now): Promise<SourceResult> {
      let body: string;
      try {
        const res = await httpGet(opts.url, {
          headers: { accept: 'text/plain;version=0.0.4', ...(opts.headers ?? {}) },
          dispatcher: opts.dispatcher,
          timeoutMs: opts.timeoutMs ?? 10_000,
        });
        if (res.status !== 200) return { unavailable: `GET ${opts.url} answered HTTP ${res.status}` };
        body = res.body;
      } catch (e) {
        return { unavailable: scrubSecrets(`GET ${opts.url} failed: ${describeError(e)}`) };
      }
      const current = extractCounters(body, opts.metric, opts.statusLabel);
      if (Object.keys(current).length === 0)
        return { unavailable: `no \`${opts.metric}\` samples in ${opts.url}` };
      return deltas.next(current, now);
    },
  };
}
