import { Agent, type Dispatcher, request } from 'undici';
import { createGuardedConnector } from './guarded-connector.js';
import { addressGuard, type TargetGuard } from './target-guard.js';

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
  /** Per connect, headers and body chunk; and the whole body's deadline (a slow drip is cut off). */
  timeoutMs: number;
  signal: AbortSignal;
  /** Without one, link-local/metadata/unspecified addresses are still refused (addressGuard). */
  guard?: TargetGuard | undefined;
  ca?: string | undefined;
  headers?: Record<string, string>;
}

const DEFAULT_MAX_BYTES = 1024 * 1024;
// Past this many bytes we stop draining: the connection is dropped rather than kept for reuse.
const DRAIN_FACTOR = 8;
// Never sent to another origin than the one they were configured or set for (as fetch and curl do).
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/** Thrown when a response body is still arriving a timeout after its headers (a slow drip). */
export class RequestDeadlineError extends Error {
  readonly code = 'PROBE_REQUEST_TIMEOUT';
}

const withoutCredentials = (h: Record<string, string>, configured: Record<string, string>) => {
  const drop = new Set([...CREDENTIAL_HEADERS, ...Object.keys(configured).map((k) => k.toLowerCase())]);
  return Object.fromEntries(Object.entries(h).filter(([k]) => !drop.has(k.toLowerCase())));
};

/**
 * Bounded HTTP for probes: connect/headers/body timeouts and a total deadline per request, a body cap (the
 * rest is read and dropped, so a huge body never sits in memory), no automatic redirects (each followed hop
 * is checked by the guard first, and loses its credentials when it leaves the origin).
 */
export function createHttpClient(opts: HttpClientOptions): HttpClient {
  const guard = opts.guard ?? addressGuard();
  const connector = createGuardedConnector({
    guard,
    timeoutMs: opts.timeoutMs,
    ca: opts.ca,
    // Certificate trust is the tls-certificate probe's verdict; the other probes still inspect the HTTP
    // layer of a service with a bad certificate — unless we would send it credentials.
    rejectUnauthorized: Object.keys(opts.headers ?? {}).length > 0,
  });
  const dispatcher = new Agent({
    connect: connector.connect,
    headersTimeout: opts.timeoutMs,
    bodyTimeout: opts.timeoutMs,
    connections: 16,
  });

  const once = async (u: URL, r: RequestOptions, headers: Record<string, string>) => {
    guard.assertUrl(u);
    const ctl = new AbortController();
    const stop = () => ctl.abort(opts.signal.reason);
    opts.signal.addEventListener('abort', stop, { once: true });
    let timer: NodeJS.Timeout | undefined;
    // Armed once the headers are in (time queued for a connection does not count): the body timeout is
    // per chunk, so only this stops a body that drips one byte just inside it, forever.
    const armDeadline = () => {
      timer = setTimeout(
        () => ctl.abort(new RequestDeadlineError(`body still arriving after ${opts.timeoutMs} ms`)),
        opts.timeoutMs,
      );
    };
    try {
      if (opts.signal.aborted) throw opts.signal.reason;
      return await read(u, r, headers, ctl.signal, armDeadline);
    } catch (e) {
      throw ctl.signal.reason instanceof RequestDeadlineError ? ctl.signal.reason : e;
    } finally {
      clearTimeout(timer);
      opts.signal.removeEventListener('abort', stop);
    }
  };

  const read = async (
    u: URL,
    r: RequestOptions,
    headers: Record<string, string>,
    signal: AbortSignal,
    armDeadline: () => void,
  ): Promise<HttpResponse> => {
    const started = performance.now();
    const res = await request(u, {
      method: (r.method ?? 'GET') as Dispatcher.HttpMethod,
      headers,
      dispatcher,
      signal,
    });
    armDeadline();
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
    const answered: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers))
      if (v !== undefined) answered[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
    return {
      status: res.statusCode,
      headers: answered,
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
      let headers: Record<string, string> = {
        'user-agent': 'deploy-check-probe/1',
        ...opts.headers,
        ...r.headers,
      };
      const started = performance.now();
      for (let hop = 0; ; hop++) {
        const res = await once(u, r, headers);
        const location = res.headers.location;
        if (res.status < 300 || res.status >= 400 || !location || hop >= (r.follow ?? 0)) {
          if (hop > 0 && res.status >= 300 && res.status < 400 && location)
            throw new Error(`redirect loop: still redirecting after ${hop} hops (last ${u.href})`);
          return { ...res, ms: performance.now() - started };
        }
        const next = new URL(location, u);
        // Dropped for good: a later hop back to the first origin does not get them back either (as fetch).
        if (next.origin !== u.origin) headers = withoutCredentials(headers, opts.headers ?? {});
        u = next;
      }
    },
    async close() {
      // destroy, not close: close() waits for in-flight connects, which after the deadline is exactly
      // what must not be waited for (a silent host holds a TLS handshake until the connect timeout).
      connector.destroyPending();
      await dispatcher.destroy().catch(() => {});
    },
  };
}
