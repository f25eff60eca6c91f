import type { HttpResponse } from './http.js';
import { type Probe, verdict } from './types.js';

/** Judged on the first hop, as the HTTP Observatory does: that hop is what a downgrade attacker sees. */
export const httpsRedirect: Probe = async ({ url, http, settings }) => {
  const plain = new URL(settings.httpUrl ?? `http://${url.hostname}/`);
  const fix = 'Redirect every plain-HTTP request with 301/308 to the same host over https.';
  let r: HttpResponse;
  try {
    r = await http.request(plain, { maxBytes: 16 * 1024 });
  } catch (e) {
    if ((e as { code?: string }).code === 'PROBE_TARGET_REFUSED') throw e;
    return verdict(
      'skip',
      `plain HTTP not reachable at ${plain.host}`,
      (e as Error).message,
      'Set probes.httpUrl if HTTP is served on another port.',
    );
  }
  const loc = r.headers.location;
  if (r.status >= 300 && r.status < 400 && loc) {
    const to = new URL(loc, plain);
    if (to.protocol !== 'https:')
      return verdict('fail', `redirects to ${to.protocol}// instead of https`, loc, fix);
    if (to.hostname !== plain.hostname)
      return verdict('fail', `first hop goes to another host (${to.hostname})`, loc, fix);
    if (r.status === 301 || r.status === 308) return verdict('pass', `HTTP ${r.status} → ${to.origin}`);
    return verdict(
      'warn',
      `temporary redirect ${r.status} to https`,
      loc,
      'Use a permanent 301/308 redirect.',
    );
  }
  return verdict(
    'fail',
    `serves content over plain HTTP (${r.status})`,
    `GET ${plain.href} → ${r.status}`,
    fix,
  );
};
