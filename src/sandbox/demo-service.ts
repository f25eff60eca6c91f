import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { createDemoMetrics } from './demo-metrics.js';
import { items, openApiDocument, staticScript, swaggerPage, traceback } from './demo-responses.js';

/** Misconfigurations the page can switch on, each one a finding the probes or the watch report. */
export interface DemoSwitches {
  /** Starlette's allow_origins=['*'] with allow_credentials=True: any origin is reflected with cookies. */
  corsReflectsAnyOrigin: boolean;
  /** debug=True: unhandled errors answer with the Python traceback. */
  debugTracebacks: boolean;
  /** No X-Content-Type-Options / X-Frame-Options. */
  noSecurityHeaders: boolean;
  /** /ready answers 503 (the database is unreachable). */
  notReady: boolean;
  /** A quarter of the generated traffic fails with 5xx (a bad deploy). */
  highErrorRate: boolean;
}
export const SWITCH_NAMES = [
  'corsReflectsAnyOrigin',
  'debugTracebacks',
  'noSecurityHeaders',
  'notReady',
  'highErrorRate',
] as const satisfies readonly (keyof DemoSwitches)[];

const TRUSTED_ORIGIN = 'https://app.payments.example';
const HANDLERS = ['/api/v1/items', '/api/v1/payments', '/health'];

/**
 * A stand-in for a FastAPI service (payments-api) with its own background traffic, served under a path
 * prefix of the sandbox. Healthy by default: the probes pass, and the watch sees a low error rate until
 * the error switch is flipped.
 */
export function createDemoService(opts: { trafficPerSecond?: number } = {}) {
  const switches: DemoSwitches = {
    corsReflectsAnyOrigin: false,
    debugTracebacks: false,
    noSecurityHeaders: false,
    notReady: false,
    highErrorRate: false,
  };
  const metrics = createDemoMetrics();
  // Deterministic error share: errors accrue fractionally, so 25 % of 40 requests is exactly 10.
  let errorCredit = 0;
  let tick = 0;
  const rate = () => (switches.highErrorRate ? 0.25 : 0.002);
  const perTick = Math.max(1, Math.round((opts.trafficPerSecond ?? 20) / 5));
  const traffic = setInterval(() => {
    for (let i = 0; i < perTick; i++) {
      errorCredit += rate();
      const failed = errorCredit >= 1;
      if (failed) errorCredit -= 1;
      const handler = HANDLERS[tick++ % HANDLERS.length]!;
      metrics.observe(handler, 'GET', failed ? 500 : 200, failed ? 0.8 : 0.02 + (tick % 7) / 100);
    }
  }, 200);
  traffic.unref();

  const handle = (req: IncomingMessage, res: ServerResponse, path: string) => {
    const started = performance.now();
    const headers: Record<string, string> = { server: 'uvicorn', 'x-request-id': randomUUID() };
    if (!switches.noSecurityHeaders) {
      headers['x-content-type-options'] = 'nosniff';
      headers['x-frame-options'] = 'DENY';
    }
    const origin = req.headers.origin;
    if (origin && (switches.corsReflectsAnyOrigin || origin === TRUSTED_ORIGIN)) {
      headers['access-control-allow-origin'] = origin;
      headers['access-control-allow-credentials'] = 'true';
      headers.vary = 'Origin';
    }
    const send = (status: number, body: string | Buffer, type = 'application/json', extra = {}) => {
      res.writeHead(status, { ...headers, 'content-type': type, ...extra }).end(body);
      // Like the instrumentator: untemplated paths (404s) are grouped as "none", /metrics is not counted.
      const handler = status === 404 ? 'none' : path;
      if (path !== '/metrics')
        metrics.observe(handler, req.method ?? 'GET', status, (performance.now() - started) / 1000);
    };
    const json = (status: number, body: unknown) => send(status, JSON.stringify(body));
    if (req.method === 'OPTIONS') return send(origin ? 200 : 405, '', 'text/plain');
    switch (path) {
      case '/health':
        return json(200, { status: 'ok' });
      case '/ready':
        return switches.notReady
          ? json(503, { status: 'unavailable', database: 'connection refused' })
          : json(200, { status: 'ready', database: 'ok' });
      case '/docs':
        return send(200, swaggerPage, 'text/html; charset=utf-8');
      case '/openapi.json':
        return json(200, openApiDocument);
      case '/metrics':
        return send(200, metrics.render(), 'text/plain; version=0.0.4; charset=utf-8');
      case '/static/app.js':
        return send(200, staticScript, 'application/javascript', {
          'cache-control': 'public, max-age=604800',
        });
      case '/api/v1/items': {
        const body = JSON.stringify(items());
        // GZipMiddleware(minimum_size=500)
        return /gzip/.test(String(req.headers['accept-encoding'] ?? ''))
          ? send(200, gzipSync(body), 'application/json', { 'content-encoding': 'gzip' })
          : send(200, body);
      }
      case '/api/v1/boom':
        return switches.debugTracebacks
          ? send(500, traceback, 'text/plain; charset=utf-8')
          : json(500, { detail: 'Internal Server Error' });
      default:
        return json(404, { detail: 'Not Found' });
    }
  };

  return {
    handle,
    switches: () => ({ ...switches }),
    set(name: keyof DemoSwitches, on: boolean) {
      switches[name] = on;
    },
    close: () => clearInterval(traffic),
  };
}
export type DemoService = ReturnType<typeof createDemoService>;
