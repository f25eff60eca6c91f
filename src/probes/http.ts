import type { Socket } from 'node:net';
import { rootCertificates } from 'node:tls';
import { Agent, buildConnector, type Dispatcher, request } from 'undici';
import type { TargetGuard } from './target-guard.js';

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The body was longer than the cap and was cut off (the rest was discarded, not buffered). */
  truncated: boolean;
  bytes: number;
  ms: number;
  /** The URL that answered (differs from the requested one after followed redirects). */
  url: string;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  maxBytes?: number;
  /** Follow up to this many redirects, each hop checked by the guard (default 0: report the redirect). */
  follow?: number;
}

export interface HttpClient {
  request(url: URL | string, opts?: RequestOptions): Promise<HttpResponse>;
  close(): Promise<void>;
}

export interface HttpClientOptions {
  timeoutMs: number;
  signal: AbortSignal;
  guard?: TargetGuard | undefined;
  ca?: string | undefined;
  headers?: Record<string, string>;
  /** Injected for tests or proxies; by default a private Agent with the timeouts below. */
  dispatcher?: Dispatcher | undefined;
}

const DEFAULT_MAX_BYTES = 1024 * 1024;
// Past this many bytes we stop draining: the connection is dropped rather than kept for reuse.
const DRAIN_FACTOR = 8;

/**
 * Bounded HTTP for probes: connect/headers/body timeouts, a body cap (the rest is read and dropped, so a
 * huge body never sits in memory), no automatic redirects (each followed hop is checked by the guard first).
 */
export function createHttpClient(opts: HttpClientOptions): HttpClient {
  // Sockets still connecting (TCP or TLS handshake). undici's destroy() only reaches connections it has
  // finished setting up, so these would otherwise outlive the suite deadline until their connect timeout.
  const connecting = new Set<Socket>();
  const base = buildConnector({
    timeout: opts.timeoutMs,
    ...(opts.guard ? { lookup: opts.guard.lookup } : {}),
    ...(opts.ca ? { ca: [...rootCertificates, opts.ca] } : {}),
    // Certificate trust is the tls-certificate probe's verdict; the other probes still inspect the HTTP
    // layer of a service with a bad certificate — unless we would send it credentials.
    rejectUnauthorized: Object.keys(opts.headers ?? {}).length > 0,
  }) as unknown as (o: buildConnector.Options, cb: buildConnector.Callback) => Socket | undefined;
  const connect: buildConnector.connector = (o, cb) => {
    // undici 7's connector returns the socket it creates (typed void); without it we only lose the early stop.
    const socket = base(o, (...args) => {
      if (socket) connecting.delete(socket);
      cb(...args);
    });
    if (socket && !socket.destroyed) connecting.add(socket);
  };
  const dispatcher =
    opts.dispatcher ??
    new Agent({ connect, headersTimeout: opts.timeoutMs, bodyTimeout: opts.timeoutMs, connections: 16 });

  const once = async (u: URL, r: RequestOptions): Promise<HttpResponse> => {
    opts.guard?.assertUrl(u);
    const started = performance.now();
    const res = await request(u, {
      method: (r.method ?? 'GET') as Dispatcher.HttpMethod,
      headers: { 'user-agent': 'deploy-check-probe/1', ...opts.headers, ...r.headers },
      dispatcher,
      signal: opts.signal,
    });
    const max = r.maxBytes ?? DEFAULT_MAX_BYTES;
    const chunks: Buffer[] = [];
    let bytes = 0;
    let kept = 0;
    for await (const chunk of res.body) {
      bytes += chunk.length;
      if (kept < max) {
        const part = (chunk as Buffer).subarray(0, max - kept);
        chunks.push(part);
        kept += part.length;
      } else if (bytes > max * DRAIN_FACTOR) {
        res.body.destroy();
        break;
      }
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers))
      if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
    return {
      status: res.statusCode,
      headers,
      body: Buffer.concat(chunks).toString('utf8'),
      truncated: bytes > max,
      bytes,
      ms: performance.now() - started,
      url: u.href,
    };
  };

  return {
    async request(url, r = {}) {
      let u = typeof url === 'string' ? new URL(url) : url;
      const started = performance.now();
      for (let hop = 0; ; hop++) {
        const res = await once(u, r);
        const location = res.headers.location;
        if (res.status < 300 || res.status >= 400 || !location || hop >= (r.follow ?? 0)) {
          if (hop > 0 && res.status >= 300 && res.status < 400 && location)
            throw new Error(`redirect loop: still redirecting after ${hop} hops (last ${u.href})`);
          return { ...res, ms: performance.now() - started };
        }
        u = new URL(location, u);
      }
    },
    async close() {
      // destroy, not close: close() waits for in-flight connects, which after the deadline is exactly
      // what must not be waited for (a silent host holds a TLS handshake until the connect timeout).
      for (const socket of connecting) socket.destroy();
      connecting.clear();
      if (!opts.dispatcher) await (dispatcher as Agent).destroy().catch(() => {});
    },
  };
}
