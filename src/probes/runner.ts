import { setMaxListeners } from 'node:events';
import type { ProbeSettings } from '../config.js';
import { createHttpClient } from './http.js';
import { PROBES } from './registry.js';
import { addressGuard, type TargetGuard } from './target-guard.js';
import {
  PROBE_IDS,
  type ProbeId,
  type ProbeReport,
  type ProbeResult,
  type Verdict,
  verdict,
} from './types.js';

export interface ProbeTarget {
  url: string;
  settings: ProbeSettings;
  only?: readonly ProbeId[] | undefined;
}

export interface RunProbesDeps {
  /** SSRF guard (Slack restricts hosts too). Without one, link-local/metadata targets are still refused. */
  guard?: TargetGuard | undefined;
  /** Extra CA (PEM), usually read once from settings.caFile. */
  ca?: string | undefined;
  /** Wall clock for startedAt (durations use the monotonic clock). */
  now?: () => number;
}

class DeadlineError extends Error {}

const REACHABLE = 'Check that the service is reachable and answers within the timeout.';

const failure = (e: unknown, s: ProbeSettings): Verdict => {
  if (e instanceof DeadlineError)
    return verdict(
      'fail',
      `timed out after ${s.deadlineMs} ms (suite deadline)`,
      'The probe had not finished when the whole suite ran out of time.',
      REACHABLE,
    );
  const err = e as { code?: string; name?: string; message?: string; cause?: { code?: string } };
  const code = err.code ?? err.cause?.code;
  if (code === 'PROBE_TARGET_REFUSED')
    return verdict(
      'fail',
      err.message ?? 'target refused',
      '',
      'Probe only the services themselves: link-local, metadata and unconfigured hosts are refused.',
    );
  if (code === 'PROBE_REQUEST_TIMEOUT')
    return verdict(
      'fail',
      `timed out after ${s.timeoutMs} ms (body still arriving)`,
      err.message ?? '',
      REACHABLE,
    );
  if (
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT'
  )
    return verdict('fail', `timed out after ${s.timeoutMs} ms`, code, REACHABLE);
  return verdict('fail', `${code ? `${code}: ` : ''}${err.message ?? String(e)}`, '', REACHABLE);
};

/**
 * Runs the probes concurrently against one target. Never rejects and never hangs: each request has its own
 * timeouts, the suite has a deadline, and a probe that throws (or is refused by the guard) becomes a `fail`.
 */
export async function runProbes(target: ProbeTarget, deps: RunProbesDeps = {}): Promise<ProbeReport> {
  const url = new URL(target.url);
  const { settings } = target;
  const guard = deps.guard ?? addressGuard();
  const startedAt = (deps.now ?? Date.now)();
  const t0 = performance.now();
  const controller = new AbortController();
  // Every probe and request listens for the suite deadline on this one signal.
  setMaxListeners(PROBE_IDS.length * 8, controller.signal);
  const deadlineHit = new Promise<never>((_, reject) =>
    controller.signal.addEventListener('abort', () => reject(new DeadlineError()), { once: true }),
  );
  deadlineHit.catch(() => {});
  const deadline = setTimeout(() => controller.abort(), settings.deadlineMs);
  const http = createHttpClient({
    timeoutMs: settings.timeoutMs,
    signal: controller.signal,
    guard,
    ca: deps.ca,
    headers: settings.headers,
  });
  const ids = PROBE_IDS.filter((id) => !target.only || target.only.includes(id));
  const ctx = { url, settings, http, ca: deps.ca, guard, signal: controller.signal };
  let refused: unknown;
  try {
    guard.assertUrl(url);
  } catch (e) {
    refused = e;
  }
  try {
    const results = await Promise.all(
      ids.map(async (id): Promise<ProbeResult> => {
        const t = performance.now();
        let v: Verdict;
        try {
          if (refused) throw refused;
          v = await Promise.race([PROBES[id](ctx), deadlineHit]);
        } catch (e) {
          v = failure(e, settings);
        }
        return { id, ...v, durationMs: Math.round(performance.now() - t) };
      }),
    );
    const summary = { pass: 0, warn: 0, fail: 0, skip: 0 };
    for (const r of results) summary[r.status]++;
    return {
      target: url.href,
      startedAt: new Date(startedAt).toISOString(),
      durationMs: Math.round(performance.now() - t0),
      summary,
      results,
    };
  } finally {
    clearTimeout(deadline);
    // Stops whatever is still in flight after the deadline (sockets, TLS handshakes, body reads).
    controller.abort();
    await http.close();
  }
}
