import { setMaxListeners } from 'node:events';
import type { ProbeSettings } from '../config.js';
import {
  apiDocs,
  compression,
  errorDisclosure,
  health,
  latency,
  ready,
  requestId,
  staticCache,
} from './endpoint-probes.js';
import { cors, hsts, httpsRedirect, securityHeaders, serverHeader } from './header-probes.js';
import { createHttpClient } from './http.js';
import type { TargetGuard } from './target-guard.js';
import { tlsCertificate } from './tls-certificate.js';
import { PROBE_IDS, type Probe, type ProbeId, type ProbeReport, type ProbeResult, verdict } from './types.js';

export const PROBES: Record<ProbeId, Probe> = {
  health,
  ready,
  'https-redirect': httpsRedirect,
  'tls-certificate': tlsCertificate,
  hsts,
  cors,
  compression,
  'error-disclosure': errorDisclosure,
  'request-id': requestId,
  'api-docs': apiDocs,
  'security-headers': securityHeaders,
  'server-header': serverHeader,
  latency,
  'static-cache': staticCache,
};

export interface ProbeTarget {
  url: string;
  settings: ProbeSettings;
  only?: readonly ProbeId[] | undefined;
}

const describeError = (e: unknown, timeoutMs: number): string => {
  const err = e as {
    code?: string;
    name?: string;
    message?: string;
    cause?: { code?: string; message?: string };
  };
  const code = err.code ?? err.cause?.code;
  if (
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT'
  )
    return `timed out after ${timeoutMs} ms (${code})`;
  if (err.name === 'AbortError' || code === 'ABORT_ERR') return 'stopped at the suite deadline';
  return `${code ? `${code}: ` : ''}${err.message ?? String(e)}`;
};

/**
 * Runs the probes concurrently against one target. Never rejects and never hangs: each request has its own
 * timeouts, the suite has a deadline, and a probe that throws becomes a `fail` with the reason.
 */
export async function runProbes(
  target: ProbeTarget,
  deps: { guard?: TargetGuard; ca?: string } = {},
): Promise<ProbeReport> {
  const url = new URL(target.url);
  const { settings } = target;
  const started = Date.now();
  const controller = new AbortController();
  // Every probe listens for the suite deadline on this one signal.
  setMaxListeners(PROBE_IDS.length * 4, controller.signal);
  const deadline = setTimeout(() => controller.abort(), settings.deadlineMs);
  const http = createHttpClient({
    timeoutMs: settings.timeoutMs,
    signal: controller.signal,
    guard: deps.guard,
    ca: deps.ca,
    headers: settings.headers,
  });
  const ids = PROBE_IDS.filter((id) => !target.only || target.only.includes(id));
  try {
    deps.guard?.assertUrl(url);
    const results = await Promise.all(
      ids.map(async (id): Promise<ProbeResult> => {
        const t = performance.now();
        const timeout = new Promise<never>((_, reject) =>
          controller.signal.addEventListener(
            'abort',
            () => reject(Object.assign(new Error('deadline'), { name: 'AbortError' })),
            { once: true },
          ),
        );
        let v: Omit<ProbeResult, 'id' | 'durationMs'>;
        try {
          v = await Promise.race([
            PROBES[id]({ url, settings, http, ca: deps.ca, signal: controller.signal }),
            timeout,
          ]);
        } catch (e) {
          v = verdict(
            'fail',
            describeError(e, settings.timeoutMs),
            '',
            'Check that the service is reachable and answers within the timeout.',
          );
        }
        return { id, ...v, durationMs: Math.round(performance.now() - t) };
      }),
    );
    const summary = { pass: 0, warn: 0, fail: 0, skip: 0 };
    for (const r of results) summary[r.status]++;
    return {
      target: url.href,
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      summary,
      results,
    };
  } finally {
    clearTimeout(deadline);
    controller.abort();
    await http.close();
  }
}
