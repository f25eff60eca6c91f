import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { httpGet } from '../http-get.js';

const responseSchema = z.object({
  status: z.string(),
  error: z.string().optional(),
  errorType: z.string().optional(),
  data: z.object({ resultType: z.string(), result: z.unknown() }).optional(),
});
const pair = z.tuple([z.number(), z.string()]);
const vectorSchema = z.array(z.object({ metric: z.record(z.string(), z.string()), value: pair }));

export type PromVector = { labels: Record<string, string>; value: number }[];

export interface PromApiOptions {
  url: string;
  headers?: Record<string, string> | undefined;
  dispatcher?: Dispatcher | undefined;
  timeoutMs?: number | undefined;
}

// Prometheus sends values as strings ("0.02", "NaN", "+Inf").
const num = (raw: string | undefined) => (raw === undefined ? Number.NaN : Number(raw));

/** GET /api/v1/query at `time`; the result as a list of series (a scalar becomes one unlabelled series). */
export async function promQuery(opts: PromApiOptions, query: string, now: number): Promise<PromVector> {
  const base = opts.url.replace(/\/+$/, '');
  const url = `${base}/api/v1/query?query=${encodeURIComponent(query)}&time=${(now / 1000).toFixed(3)}`;
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
  const parsed = responseSchema.parse(JSON.parse(res.body));
  if (parsed.status !== 'success')
    throw new Error(`${parsed.errorType ?? 'error'}: ${parsed.error ?? 'query failed'}`);
  const data = parsed.data;
  if (!data) throw new Error('response has no data');
  if (data.resultType === 'scalar') return [{ labels: {}, value: num(pair.parse(data.result)[1]) }];
  if (data.resultType === 'vector')
    return vectorSchema.parse(data.result).map((s) => ({ labels: s.metric, value: num(s.value[1]) }));
  throw new Error(`unexpected resultType ${data.resultType}`);
}

/** The single number a query returned; undefined for "no data" (empty vector, or NaN from 0/0). */
export function scalarOf(v: PromVector): number | undefined {
  if (v.length > 1) throw new Error(`query returned ${v.length} series; wrap it in sum()`);
  const n = v[0]?.value;
  return n !== undefined && Number.isFinite(n) ? n : undefined;
}
