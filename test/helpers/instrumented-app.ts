import { createServer, type Server } from 'node:http';
import { request } from 'undici';

/**
 * A small service like a FastAPI app with prometheus-fastapi-instrumentator: GET /items answers 200, or
 * 500 for the share of requests the test switches on; GET /metrics exposes
 * `http_requests_total{handler,method,status}` with statuses grouped "2xx"/"5xx" (and the `_created`
 * gauges the instrumentator adds). `restart()` is a process restart: same port, counters from zero.
 */
export async function startInstrumentedApp() {
  let counts = new Map<string, number>();
  let errorRate = 0;
  let failedSoFar = 0;
  let servedSoFar = 0;
  const created = Date.now() / 1000;
  const count = (handler: string, status: string) => {
    const k = `${handler}|${status}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  };
  const body = () => {
    const lines = ['# HELP http_requests_total Total number of requests by method, status and handler.'];
    lines.push('# TYPE http_requests_total counter');
    for (const [k, v] of counts) {
      const [handler, status] = k.split('|');
      lines.push(`http_requests_total{handler="${handler}",method="GET",status="${status}"} ${v}`);
    }
    lines.push('# TYPE http_requests_created gauge');
    for (const k of counts.keys()) {
      const [handler, status] = k.split('|');
      lines.push(`http_requests_created{handler="${handler}",method="GET",status="${status}"} ${created}`);
    }
    return `${lines.join('\n')}\n`;
  };
  const handler = (req: { url?: string | undefined }, res: import('node:http').ServerResponse) => {
    if (req.url === '/metrics')
      return void res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(body());
    if (req.url === '/health') return void res.writeHead(200).end('{"status":"ok"}');
    if (req.url === '/items') {
      servedSoFar++;
      // Deterministic share: fail whenever the running failure count lags the target rate.
      const fail = failedSoFar < errorRate * servedSoFar;
      if (fail) failedSoFar++;
      count('/items', fail ? '5xx' : '2xx');
      return void res.writeHead(fail ? 500 : 200).end(fail ? 'error' : '[]');
    }
    res.writeHead(404).end();
  };
  let server: Server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const stop = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  let traffic: NodeJS.Timeout | undefined;
  return {
    host: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}`,
    /** 500s served since the process (re)started: what a scrape of its counters says. */
    get failures() {
      return counts.get('/items|5xx') ?? 0;
    },
    /** Share of /items requests answered 500 from now on. */
    setErrorRate(rate: number) {
      errorRate = rate;
      failedSoFar = 0;
      servedSoFar = 0;
    },
    /** Sends `perSecond` GET /items on loopback, in 20 ms batches, until stopTraffic(). */
    startTraffic(perSecond: number) {
      const batch = Math.max(1, Math.round(perSecond / 50));
      traffic = setInterval(() => {
        for (let i = 0; i < batch; i++)
          request(`http://127.0.0.1:${port}/items`)
            .then((r) => r.body.dump())
            .catch(() => undefined);
      }, 20);
    },
    stopTraffic() {
      clearInterval(traffic);
    },
    async restart() {
      await stop();
      counts = new Map();
      server = createServer(handler);
      await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    },
    async close() {
      clearInterval(traffic);
      await stop();
    },
  };
}
