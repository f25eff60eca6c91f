import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { scrubSecrets } from '../../logger.js';
import type { ErrorRateSource, SourceResult } from '../error-rate-source.js';
import { describeError, httpGet } from '../http-get.js';

/**
 * Defaults fit prometheus-fastapi-instrumentator (`http_requests_total{status="5xx"}`). They are not
 * scoped to a service: they assume the Prometheus at `url` (or its tenant) sees only this service's
 * instrumentator, as with a per-service Prometheus. Otherwise configure `query`/`requestsQuery` with the
 * service's own selector, e.g. `{job="api"}`.
 */
export const defaultQueries = (intervalSeconds: number) => {
  // rate() needs at least two scrapes in its range; 1m covers the usual 15–30 s scrape intervals.
  const range = intervalSeconds > 60 ? `${intervalSeconds}s` : '1m';
  return {
    query: `sum(rate(http_requests_total{status="5xx"}[${range}])) / sum(rate(http_requests_total[${range}]))`,
    requestsQuery: `sum(increase(http_requests_total[${range}]))`,
  };
};

const responseSchema = z.object({
  status: z.string(),
  error: z.string().optional(),
  errorType: z.string().optional(),
  data: z
    .object({
      resultType: z.string(),
      result: z.unknown(),
    })
    .optional(),
});
const pair = z.tuple([z.number(), z.string()]);
const vector = z.array(z.object({ metric: z.record(z.string(), z.string()), value: pair }));

/** The single number a query returned; undefined for "no data" (empty vector, or NaN from 0/0). */
function scalarOf(body: string): number | undefined {
  const parsed = responseSchema.parse(JSON.parse(body));
  if (parsed.status !== 'success')
    throw new Error(`${parsed.errorType ?? 'error'}: ${parsed.error ?? 'query failed'}`);
  const data = parsed.data;
  if (!data) throw new Error('response has no data');
  let raw: string | undefined;
  if (data.resultType === 'scalar') raw = pair.parse(data.result)[1];
  else if (data.resultType === 'vector') {
    const v = vector.parse(data.result);
    if (v.length > 1) throw new Error(`query returned ${v.length} series; wrap it in sum()`);
    raw = v[0]?.value[1];
  } else throw new Error(`unexpected resultType ${data.resultType}`);
  // Prometheus sends values as strings ("0.02", "NaN", "+Inf").
  const n = raw === undefined ? Number.NaN : Number(raw);
  return Number.isFinite(n) ? n : undefined;
}

export interface PrometheusSourceOptions {
  url: string;
  query?: string | undefined;
  requestsQuery?: string | undefined;
  headers?: Record<string, string>;
  intervalSeconds: number;
  dispatcher?: Dispatcher | undefined;
  timeoutMs?: number;
}

/** Reads the ratio (and the request count, for the minimum-requests gate) from GET /api/v1/query. */
export function createPrometheusSource(opts: PrometheusSourceOptions): ErrorRateSource {
  const defaults = defaultQueries(opts.intervalSeconds);
  const query = opts.query ?? defaults.query;
  const requestsQuery = opts.requestsQuery ?? defaults.requestsQuery;
  const base = opts.url.replace(/\/+$/, '');

  async function run(q: string, now: number): Promise<number | undefined> {
    const url = `${base}/api/v1/query?query=${encodeURIComponent(q)}&time=${(now / 1000).toFixed(3)}`;
    const res = await httpGet(url, {
      headers: { accept: 'application/json', ...(opts.headers ?? {}) },
      dispatcher: opts.dispatcher,
      timeoutMs: opts.timeoutMs ?? 10_000,
      maxBytes: 1024 * 1024,
    });
    // Prometheus answers 400/422 with a JSON error body worth showing; anything else is the server's problem.
    if (
      res.status >= 500 ||
      (res.status >= 300 && res.status < 400) ||
      res.status === 401 ||
      res.status === 403
    )
      throw new Error(`HTTP ${res.status}`);
    return scalarOf(res.body);
  }

  return {
    description: `Prometheus ${base}`,
    async sample(now): Promise<SourceResult> {
      try {
        const [ratio, total] = await Promise.all([run(query, now), run(requestsQuery, now)]);
        const requests = Math.max(0, Math.round(total ?? 0));
        const r = requests === 0 ? 0 : Math.min(1, Math.max(0, ratio ?? 0));
        return { ratio: r, errors: Math.round(r * requests), total: requests };
      } catch (e) {
        const why =
          e instanceof z.ZodError || e instanceof SyntaxError
            ? 'the answer is not a Prometheus query result'
            : describeError(e);
        return { unavailable: scrubSecrets(`Prometheus query failed: ${why}`) };
      }
    },
  };
}
