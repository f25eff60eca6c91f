import { rootCertificates } from 'node:tls';
import { Agent, type Dispatcher, request } from 'undici';
import type { TargetGuard } from './target-guard.js';

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The body was longer than the cap and was cut off (the rest was discarded, not buffered). */
  truncated: boolean;
  bytes: number;
  ms: number;
}

export interface HttpClient {
  request(
    url: URL | string,
    opts?: { method?: string; headers?: Record<string, string>; maxBytes?: number },
  ): Promise<HttpResponse>;
  close(): Promise<void>;
}

export interface HttpClientOptions {
  timeoutMs: number;
  signal: AbortSignal;
  guard?: TargetGuard | undefined;
  ca?: string | undefined;
  headers?: Record<string, string>;
  /** Injected for tests; by default a private Agent with the timeouts below. */
  dispatcher?: Dispatcher;
}

const DEFAULT_MAX_BYTES = 1024 * 1024;

/**
 * Bounded HTTP for probes: connect/headers/body timeouts, a body cap (the rest is read and dropped, so a
 * huge body never sits in memory), no automatic redirects (each hop is checked by the caller and the guard).
 */
export function createHttpClient(opts: HttpClientOptions): HttpClient {
  const dispatcher =
    opts.dispatcher ??
    new Agent({
      connect: {
        timeout: opts.timeoutMs,
        ...(opts.guard ? { lookup: opts.guard.lookup } : {}),
        ...(opts.ca ? { ca: [...rootCertificates, opts.ca] } : {}),
        // Certificate trust is the tls-certificate probe's verdict; the other probes still inspect the HTTP
        // layer of a service with a bad certificate — unless we would send it credentials.
        rejectUnauthorized: Object.keys(opts.headers ?? {}).length > 0,
      },
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
      connections: 16,
    });
  return {
    async request(url, r = {}) {
      const u = typeof url === 'string' ? new URL(url) : url;
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
        } else if (bytes > max * 8) {
          // Far past the cap: stop reading instead of draining an endless body.
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
      };
    },
    async close() {
      if (!opts.dispatcher) await (dispatcher as Agent).close().catch(() => {});
    },
  };
}
