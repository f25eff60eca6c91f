import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const server: Server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/**
 * A service like a FastAPI app with prometheus-fastapi-instrumentator: GET /metrics exposes
 * `http_requests_total{method,status,handler}` (status grouped "2xx"/"5xx"), `_created` samples and an
 * escaped label; GET /health answers the status the test sets. The test drives the counters.
 */
export async function startMetricsTarget(opts: { exactCodes?: boolean } = {}) {
  let ok = 0;
  let errors = 0;
  let unauthorized = 0;
  // Exporters that keep exact codes ("200", "401", "500") instead of the instrumentator's "2xx"/"5xx".
  const [s2, s5] = opts.exactCodes ? ['200', '500'] : ['2xx', '5xx'];
  let healthStatus = 200;
  let metricsStatus = 200;
  let scrapes = 0;
  const body = () =>
    [
      '# HELP http_requests_total Total number of requests by method, status and handler.',
      '# TYPE http_requests_total counter',
      `http_requests_total{handler="/items",method="GET",status="${s2}"} ${ok}`,
      `http_requests_total{handler="/items",method="GET",status="${s5}"} ${errors}`,
      ...(opts.exactCodes
        ? [`http_requests_total{handler="/items",method="GET",status="401"} ${unauthorized}`]
        : []),
      `http_requests_total{handler="/odd \\"quoted\\" \\\\ path",method="GET",status="2xx"} 0`,
      '# HELP http_requests_created Total number of requests by method, status and handler.',
      '# TYPE http_requests_created gauge',
      `http_requests_created{handler="/items",method="GET",status="2xx"} 1.7e9`,
      `http_requests_total_created{handler="/items",method="GET",status="5xx"} 1.7e9`,
      '# TYPE process_cpu_seconds_total counter',
      'process_cpu_seconds_total 12.5',
      '',
    ].join('\n');
  const t = await listen((req, res) => {
    if (req.url === '/metrics') {
      scrapes++;
      if (metricsStatus !== 200) return void res.writeHead(metricsStatus).end('down');
      return void res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(body());
    }
    if (req.url === '/health')
      return void res
        .writeHead(healthStatus, { 'content-type': 'application/json' })
        .end('{"status":"pass"}');
    res.writeHead(404).end();
  });
  return {
    url: t.url,
    metricsUrl: `${t.url}/metrics`,
    /** Requests served since the last call: `total` of which `failed` were 5xx and `denied` 401. */
    serve(total: number, failed: number, denied = 0) {
      ok += total - failed - denied;
      errors += failed;
      unauthorized += denied;
    },
    /** The process restarted: counters start again from zero. */
    reset() {
      ok = 0;
      errors = 0;
    },
    setHealth(status: number) {
      healthStatus = status;
    },
    setMetricsStatus(status: number) {
      metricsStatus = status;
    },
    get scrapes() {
      return scrapes;
    },
    close: t.close,
  };
}

/**
 * Answers GET /api/v1/query like Prometheus, values as strings: the watch's default counter read
 * (`sum by (job, instance, status) (http_requests_total)`) from counters the test drives, and a custom
 * ratio query and request-count query (any query with `increase(`) from `set`.
 */
export async function startFakePrometheus() {
  let ratio: string | null = '0';
  let total = '0';
  const counters = { ok: 0, errors: 0 };
  let failStatus: number | undefined;
  const queries: string[] = [];
  const t = await listen((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    if (u.pathname !== '/api/v1/query') return void res.writeHead(404).end();
    const q = u.searchParams.get('query') ?? '';
    queries.push(q);
    if (failStatus) return void res.writeHead(failStatus).end('unavailable');
    const at = Date.now() / 1000;
    const series = (status: string, n: number) => ({
      metric: { job: 'api', instance: 'api:8000', status },
      value: [at, String(n)],
    });
    let result: unknown[];
    if (q.startsWith('sum by ('))
      result = [series('2xx', counters.ok), ...(counters.errors ? [series('5xx', counters.errors)] : [])];
    else {
      const value = q.includes('increase(') ? total : ratio;
      result = value === null ? [] : [{ metric: {}, value: [at, value] }];
    }
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result } }));
  });
  return {
    url: t.url,
    queries,
    /** Custom-query answers; `ratio` null answers an empty vector (no data). */
    set(next: { ratio: string | null; total: string }) {
      ratio = next.ratio;
      total = next.total;
    },
    /** Requests the scraped service served since the last call: `total` of which `failed` were 5xx. */
    serve(n: number, failed: number) {
      counters.ok += n - failed;
      counters.errors += failed;
    },
    fail(status: number | undefined) {
      failStatus = status;
    },
    close: t.close,
  };
}
