import type { Probe } from './types.js';
import { verdict } from './types.js';

const path = (base: URL, p: string) =>
  new URL(p.replace(/^\//, ''), base.href.endsWith('/') ? base : new URL(`${base.href}/`));

export const health: Probe = async ({ url, http, settings }) => {
  const r = await http.request(path(url, '/health'));
  const ms = Math.round(r.ms);
  if (r.status < 200 || r.status >= 300)
    return verdict(
      'fail',
      `/health answered ${r.status}`,
      `GET ${path(url, '/health')} → ${r.status}`,
      'Serve GET /health returning 200 when the process is alive.',
    );
  if (ms > settings.latencyBudgetMs)
    return verdict(
      'warn',
      `/health is slow (${ms} ms > ${settings.latencyBudgetMs} ms budget)`,
      '',
      'Keep /health cheap: no database calls in liveness checks.',
    );
  return verdict('pass', `/health answered ${r.status} in ${ms} ms`);
};

export const ready: Probe = async ({ url, http }) => {
  const r = await http.request(path(url, '/ready'));
  if (r.status >= 200 && r.status < 300) return verdict('pass', `/ready answered ${r.status}`);
  if (r.status === 404)
    return verdict(
      'fail',
      '/ready is missing (404)',
      '',
      'Add GET /ready that checks the database and dependencies.',
    );
  return verdict(
    'fail',
    `/ready answered ${r.status}`,
    r.body.slice(0, 300),
    'Readiness must return 2xx only when dependencies are reachable.',
  );
};

const TRACE_MARKERS = [
  /Traceback \(most recent call last\)/,
  /Starlette Debugger/i,
  /File "[^"]+\.py", line \d+/,
  /sqlalchemy\.exc\./i,
  /psycopg2?\.errors/i,
  /\bat [\w$.]+ \([^)]+:\d+:\d+\)/,
];

export const errorDisclosure: Probe = async ({ url, http, settings }) => {
  const paths = [
    `/deploy-check-probe-${Date.now().toString(36)}`,
    ...(settings.errorPath ? [settings.errorPath] : []),
  ];
  for (const p of paths) {
    const r = await http.request(path(url, p));
    const hit = TRACE_MARKERS.find((m) => m.test(r.body));
    if (hit)
      return verdict(
        'fail',
        `${p} leaks internals (${r.status})`,
        `Matched ${hit}: ${r.body.slice(0, 300)}`,
        'Run with debug=False and return a generic error body (e.g. {"detail": "Internal Server Error"}).',
      );
  }
  return verdict('pass', `error responses show no stack traces (${paths.join(', ')})`);
};

export const apiDocs: Probe = async ({ url, http }) => {
  const open: string[] = [];
  for (const p of ['/docs', '/redoc', '/openapi.json']) {
    const r = await http.request(path(url, p), { maxBytes: 64 * 1024 });
    if (r.status >= 200 && r.status < 300) open.push(p);
  }
  return open.length
    ? verdict(
        'warn',
        `API docs are public: ${open.join(', ')}`,
        'May be intended for a public API.',
        'FastAPI(docs_url=None, redoc_url=None, openapi_url=None) in production, or protect them.',
      )
    : verdict('pass', 'API docs are not public');
};

export const compression: Probe = async ({ url, http, settings }) => {
  if (!settings.samplePath)
    return verdict('skip', 'no sample path configured', '', 'Set probes.samplePath to a ≥ 1 KiB response.');
  const r = await http.request(path(url, settings.samplePath), {
    headers: { 'accept-encoding': 'gzip, br' },
  });
  const enc = r.headers['content-encoding'];
  if (enc && /gzip|br|deflate|zstd/.test(enc))
    return verdict('pass', `${settings.samplePath} is compressed (${enc})`);
  if (r.bytes < 1024)
    return verdict(
      'skip',
      `${settings.samplePath} is only ${r.bytes} bytes`,
      '',
      'Pick a sample path with a ≥ 1 KiB body.',
    );
  return verdict(
    'fail',
    `${settings.samplePath} sent ${r.bytes} bytes uncompressed`,
    '',
    'Add GZipMiddleware(minimum_size=500) or enable gzip in the reverse proxy.',
  );
};

export const staticCache: Probe = async ({ url, http, settings }) => {
  if (!settings.staticPath) return verdict('skip', 'no static path configured');
  const r = await http.request(path(url, settings.staticPath), { maxBytes: 64 * 1024 });
  const cc = r.headers['cache-control'];
  const age = Number(cc?.match(/max-age=(\d+)/)?.[1] ?? Number.NaN);
  if (!cc || Number.isNaN(age))
    return verdict(
      'fail',
      `${settings.staticPath} has no Cache-Control max-age`,
      '',
      'Serve static files with Cache-Control: public, max-age=86400 or more.',
    );
  return age >= 86_400
    ? verdict('pass', `static files cached for ${age} s`)
    : verdict('warn', `static max-age is only ${age} s`, '', 'Use at least one day.');
};

export const requestId: Probe = async ({ url, http, settings }) => {
  const h = settings.requestIdHeader.toLowerCase();
  const normal = await http.request(path(url, '/health'));
  const error = await http.request(path(url, `/deploy-check-probe-${Date.now().toString(36)}`));
  const on = [normal.headers[h] ? 'normal' : '', error.headers[h] ? 'error' : ''].filter(Boolean);
  const fix = `Add middleware that sets ${settings.requestIdHeader} on every response, errors included.`;
  if (on.length === 2) return verdict('pass', `${settings.requestIdHeader} on normal and error responses`);
  if (on.length === 1)
    return verdict('warn', `${settings.requestIdHeader} only on ${on[0]} responses`, '', fix);
  return verdict('fail', `no ${settings.requestIdHeader} header`, '', fix);
};

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;

export const latency: Probe = async ({ url, http, settings }) => {
  const target = path(url, settings.latencyPath ?? '/health');
  const times: number[] = [];
  const queue = Array.from({ length: settings.latencyRequests }, (_, i) => i);
  const worker = async () => {
    while (queue.shift() !== undefined) times.push((await http.request(target, { maxBytes: 256 * 1024 })).ms);
  };
  await Promise.all(Array.from({ length: Math.min(4, settings.latencyRequests) }, worker));
  const [p50, p95, p99] = [50, 95, 99].map((p) => Math.round(pct(times, p)));
  const budget = settings.latencyBudgetMs;
  const s = `p50 ${p50} ms · p95 ${p95} ms · p99 ${p99} ms over ${times.length} requests`;
  if (p95! <= budget) return verdict('pass', s);
  return verdict(
    p95! <= 2 * budget ? 'warn' : 'fail',
    `${s} (budget ${budget} ms)`,
    '',
    'Profile the slow path; check workers, database pool and timeouts.',
  );
};
