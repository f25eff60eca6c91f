import {
  createServer as createHttp,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { Pem } from './tls-fixtures.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
export interface Target {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

export async function listen(handler: Handler, tls?: Pem): Promise<Target> {
  const server = (
    tls ? createHttps({ key: tls.key, cert: tls.cert }, handler) : createHttp(handler)
  ) as Server;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const BIG = JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ id: i, name: `item ${i}` })) });

/** A well-configured FastAPI-like service. */
export const goodService: Handler = (req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const base = {
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
    'x-request-id': 'req-123',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    server: 'uvicorn',
    'content-type': 'application/json',
  };
  if (path === '/health' || path === '/ready' || path === '/')
    return void res.writeHead(200, base).end('{"status":"ok"}');
  if (path === '/items') {
    const gz = /gzip/.test(String(req.headers['accept-encoding']));
    return void res
      .writeHead(200, { ...base, ...(gz ? { 'content-encoding': 'gzip' } : {}) })
      .end(gz ? gzipSync(BIG) : BIG);
  }
  if (path === '/static/app.js')
    return void res.writeHead(200, { ...base, 'cache-control': 'public, max-age=604800' }).end('x');
  if (path === '/boom') return void res.writeHead(500, base).end('{"detail":"Internal Server Error"}');
  res.writeHead(404, base).end('{"detail":"Not Found"}');
};

/** A misconfigured one: debug tracebacks, reflected CORS with credentials, public docs, version header. */
export const badService: Handler = (req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const origin = req.headers.origin;
  const base: Record<string, string> = {
    server: 'uvicorn/0.30.1',
    'x-powered-by': 'FastAPI 0.110.0',
    'content-type': 'application/json',
    ...(origin ? { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true' } : {}),
  };
  if (path === '/health') return void res.writeHead(200, base).end('{"status":"ok"}');
  if (path === '/ready') return void res.writeHead(503, base).end('{"detail":"db down"}');
  if (path === '/docs' || path === '/redoc' || path === '/openapi.json')
    return void res.writeHead(200, base).end('{}');
  if (path === '/items') return void res.writeHead(200, base).end(BIG);
  if (path === '/static/app.js') return void res.writeHead(200, base).end('x');
  if (path === '/boom')
    return void res
      .writeHead(500, { ...base, 'content-type': 'text/plain' })
      .end('Traceback (most recent call last):\n  File "/app/main.py", line 12, in boom\nZeroDivisionError');
  if (path === '/') return void res.writeHead(200, base).end('{}');
  res.writeHead(404, base).end('{"detail":"Not Found"}');
};

export const redirectTo =
  (location: (req: IncomingMessage) => string, status = 301): Handler =>
  (req, res) =>
    void res.writeHead(status, { location: location(req) }).end();
/** Accepts and never answers. */
export const hanging: Handler = () => {};
/** Streams far more than any cap. */
export const hugeBody: Handler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/octet-stream' });
  const chunk = Buffer.alloc(64 * 1024, 97);
  let sent = 0;
  const pump = () => {
    while (sent < 200 * 1024 * 1024 && res.write(chunk)) sent += chunk.length;
    if (sent < 200 * 1024 * 1024) res.once('drain', pump);
    else res.end();
  };
  pump();
};
