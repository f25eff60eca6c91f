import type { Dispatcher } from 'undici';
import { scrubSecrets } from '../../logger.js';
import type { ErrorRateSource, SourceResult } from '../error-rate-source.js';
import { describeError, httpGet } from '../http-get.js';
import { type PromSample, parsePrometheusText } from '../prometheus-text.js';

/** Counter values by series key, as of one scrape. Stored in the watch state between samples. */
export type Counters = Record<string, number>;

export interface MetricsScrapeOptions {
  url: string;
  /** Sample name, e.g. `http_requests_total`; the counter's base name (without `_total`) also matches. */
  metric: string;
  statusLabel: string;
  headers?: Record<string, string>;
  /** Counters from the previous scrape (restored from the watch state after a restart). */
  previous?: Counters | undefined;
  dispatcher?: Dispatcher | undefined;
  timeoutMs?: number;
}

/** prometheus-fastapi-instrumentator groups statuses as "5xx"; other exporters send the code itself. */
export const isServerError = (status: string | undefined): boolean =>
  status !== undefined && (/^5xx$/i.test(status) || /^5\d\d$/.test(status));

const seriesKey = (s: PromSample, statusLabel: string) => {
  const labels = Object.keys(s.labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(s.labels[k])}`)
    .join(',');
  // The status class leads the key so a delta can be classified without re-parsing the labels.
  return `${isServerError(s.labels[statusLabel]) ? 'E' : 'R'}|${s.name}{${labels}}`;
};

/** Sum of per-series increases; a counter that went down was reset, so its new value is the increase. */
export function counterDelta(previous: Counters, current: Counters): { errors: number; total: number } {
  let errors = 0;
  let total = 0;
  for (const [key, value] of Object.entries(current)) {
    const before = previous[key];
    const delta = before === undefined || value < before ? value : value - before;
    total += delta;
    if (key.startsWith('E|')) errors += delta;
  }
  return { errors, total };
}

export function extractCounters(body: string, metric: string, statusLabel: string): Counters {
  const names = new Set([metric, `${metric}_total`]);
  const out: Counters = {};
  for (const s of parsePrometheusText(body))
    if (names.has(s.name) && Number.isFinite(s.value) && s.value >= 0)
      out[seriesKey(s, statusLabel)] = s.value;
  return out;
}

/**
 * Scrapes the service's own /metrics and computes the ratio from counter deltas between two scrapes.
 * The first scrape only sets the baseline and reports zero requests (below any minimum-requests gate).
 */
export function createMetricsScrapeSource(opts: MetricsScrapeOptions): ErrorRateSource {
  let previous = opts.previous;
  return {
    description: `/metrics at ${opts.url}`,
    memo: () => (previous ? { counters: previous } : undefined),
    async sample(): Promise<SourceResult> {
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
      const before = previous;
      previous = current;
      if (!before) return { ratio: 0, errors: 0, total: 0 };
      const { errors, total } = counterDelta(before, current);
      return { ratio: total > 0 ? errors / total : 0, errors, total };
    },
  };
}
