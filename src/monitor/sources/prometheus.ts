import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { scrubSecrets } from '../../logger.js';
import { type Counters, counterKey, createCounterTracker } from '../counter-delta.js';
import type { ErrorRateSource, SourceResult } from '../error-rate-source.js';
import { describeError } from '../http-get.js';
import { type PromApiOptions, promQuery, scalarOf } from './prometheus-api.js';

const METRIC = 'http_requests_total';

/**
 * The default reads the request counters themselves (prometheus-fastapi-instrumentator's
 * `http_requests_total{status="5xx"}`), one series per process and status: the watch takes the
 * increase between two reads, so each sample covers exactly the scrapes since the previous sample, and
 * a process restart shows up as a counter that went down in its own series. `selector` scopes it to
 * the service (e.g. `job="api"`) when the Prometheus also sees other services.
 */
export const countersQuery = (selector?: string) =>
  `sum by (job, instance, status) (${METRIC}${selector ? `{${selector}}` : ''})`;

/**
 * The half of a custom pair that was not configured, over the sampling interval so samples do not
 * overlap. rate()/increase() need two scrapes inside the range: the README asks for intervalSeconds of
 * at least two scrape intervals on this path.
 */
export const intervalQueries = (intervalSeconds: number) => ({
  query: `sum(rate(${METRIC}{status="5xx"}[${intervalSeconds}s])) / sum(rate(${METRIC}[${intervalSeconds}s]))`,
  requestsQuery: `sum(increase(${METRIC}[${intervalSeconds}s]))`,
});

export interface PrometheusSourceOptions extends PromApiOptions {
  /** PromQL ratio (0..1) over the sampling interval; replaces the counter reads. */
  query?: string | undefined;
  requestsQuery?: string | undefined;
  /** Label matchers for the default counter query, e.g. `job="api"`. */
  selector?: string | undefined;
  intervalSeconds: number;
  /** Counters from the previous read (restored from the watch state after a restart). */
  previous?: { counters?: Counters | undefined; at?: number | undefined } | undefined;
  dispatcher?: Dispatcher | undefined;
}

const reason = (e: unknown) =>
  e instanceof z.ZodError || e instanceof SyntaxError
    ? 'the answer is not a Prometheus query result'
    : describeError(e);

/** Reads the per-sample error ratio and request count from GET /api/v1/query. */
export function createPrometheusSource(opts: PrometheusSourceOptions): ErrorRateSource {
  const description = `Prometheus ${opts.url.replace(/\/+$/, '')}`;
  const fail = (e: unknown) => ({ unavailable: scrubSecrets(`Prometheus query failed: ${reason(e)}`) });

  if (opts.query || opts.requestsQuery) {
    const query = opts.query ?? intervalQueries(opts.intervalSeconds).query;
    const requestsQuery = opts.requestsQuery ?? intervalQueries(opts.intervalSeconds).requestsQuery;
    return {
      description,
      async sample(now): Promise<SourceResult> {
        try {
          const [ratio, total] = await Promise.all([
            promQuery(opts, query, now).then(scalarOf),
            promQuery(opts, requestsQuery, now).then(scalarOf),
          ]);
          const requests = Math.max(0, Math.round(total ?? 0));
          const r = requests === 0 ? 0 : Math.min(1, Math.max(0, ratio ?? 0));
          return { ratio: r, errors: Math.round(r * requests), total: requests };
        } catch (e) {
          return fail(e);
        }
      },
    };
  }

  const query = countersQuery(opts.selector);
  const deltas = createCounterTracker(opts.previous);
  return {
    description,
    memo: deltas.memo,
    async sample(now): Promise<SourceResult> {
      let series: Awaited<ReturnType<typeof promQuery>>;
      try {
        series = await promQuery(opts, query, now);
      } catch (e) {
        return fail(e);
      }
      const current: Counters = {};
      for (const s of series)
        if (Number.isFinite(s.value) && s.value >= 0)
          current[counterKey(METRIC, s.labels, 'status')] = s.value;
      // Nothing scraped yet (or all stale): no baseline to take, and no evidence either way.
      if (Object.keys(current).length === 0 && !deltas.memo()) return { ratio: 0, errors: 0, total: 0 };
      return deltas.next(current, now);
    },
  };
}
