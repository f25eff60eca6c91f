import type { Probe } from './types.js';
import { verdict } from './types.js';

const ATTACKER = 'https://deploy-check-attacker.example';
const HSTS_MIN = 15_552_000; // 180 days (MDN HTTP Observatory)

export const hsts: Probe = async ({ url, http }) => {
  if (url.protocol !== 'https:')
    return verdict(
      'fail',
      'service is not served over https, so no HSTS',
      '',
      'Serve over https and send Strict-Transport-Security.',
    );
  const r = await http.request(url, { maxBytes: 64 * 1024 });
  const v = r.headers['strict-transport-security'];
  const fix = `Send Strict-Transport-Security: max-age=${HSTS_MIN * 2}; includeSubDomains.`;
  if (!v) return verdict('fail', 'no Strict-Transport-Security header', '', fix);
  const age = Number(v.match(/max-age=(\d+)/i)?.[1] ?? 0);
  return age >= HSTS_MIN
    ? verdict('pass', `HSTS max-age=${age}`)
    : verdict('warn', `HSTS max-age=${age} is below ${HSTS_MIN}`, v, fix);
};

export const cors: Probe = async ({ url, http }) => {
  const pre = await http.request(url, {
    method: 'OPTIONS',
    headers: { origin: ATTACKER, 'access-control-request-method': 'GET', cookie: 'session=probe' },
    maxBytes: 16 * 1024,
  });
  const get = await http.request(url, {
    headers: { origin: ATTACKER, cookie: 'session=probe' },
    maxBytes: 64 * 1024,
  });
  const nul = await http.request(url, {
    headers: { origin: 'null', cookie: 'session=probe' },
    maxBytes: 16 * 1024,
  });
  const fix =
    'List trusted origins in allow_origins; never reflect arbitrary origins with allow_credentials=True.';
  for (const [r, origin] of [
    [pre, ATTACKER],
    [get, ATTACKER],
    [nul, 'null'],
  ] as const) {
    const allow = r.headers['access-control-allow-origin'];
    const creds = r.headers['access-control-allow-credentials'] === 'true';
    if (allow === origin && creds)
      return verdict(
        'fail',
        `origin ${origin} is reflected with credentials`,
        `Access-Control-Allow-Origin: ${allow}`,
        fix,
      );
  }
  const allow = get.headers['access-control-allow-origin'] ?? pre.headers['access-control-allow-origin'];
  if (allow === ATTACKER) return verdict('warn', 'any origin is reflected (without credentials)', '', fix);
  if (allow === '*')
    return verdict(
      'warn',
      'Access-Control-Allow-Origin: * (public API?)',
      'No credentials allowed, so cookies are not exposed.',
      'Fine for a public API; otherwise restrict origins.',
    );
  return verdict('pass', 'an attacker origin is not allowed');
};

export const securityHeaders: Probe = async ({ url, http }) => {
  const r = await http.request(url, { maxBytes: 64 * 1024 });
  const nosniff = r.headers['x-content-type-options']?.toLowerCase() === 'nosniff';
  const frame =
    !!r.headers['x-frame-options'] || /frame-ancestors/i.test(r.headers['content-security-policy'] ?? '');
  const missing = [
    nosniff ? '' : 'X-Content-Type-Options: nosniff',
    frame ? '' : 'X-Frame-Options or CSP frame-ancestors',
  ].filter(Boolean);
  return missing.length
    ? verdict(
        'warn',
        `missing ${missing.join(' and ')}`,
        '',
        'Add the headers in middleware or the reverse proxy.',
      )
    : verdict('pass', 'nosniff and framing protection present');
};

export const serverHeader: Probe = async ({ url, http }) => {
  const r = await http.request(url, { maxBytes: 64 * 1024 });
  const leaks = [r.headers.server, r.headers['x-powered-by']].filter(
    (v): v is string => !!v && /\d+\.\d+/.test(v),
  );
  return leaks.length
    ? verdict(
        'warn',
        `version disclosed: ${leaks.join(', ')}`,
        '',
        'Run uvicorn with --no-server-header and strip X-Powered-By at the proxy.',
      )
    : verdict('pass', 'no server version disclosed');
};

export const httpsRedirect: Probe = async ({ url, http, settings }) => {
  const plain = new URL(settings.httpUrl ?? `http://${url.hostname}/`);
  const fix = 'Redirect every plain-HTTP request with 301/308 to the same host over https.';
  let r: Awaited<ReturnType<typeof http.request>>;
  try {
    r = await http.request(plain, { maxBytes: 16 * 1024 });
  } catch (e) {
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
  return verdict('fail', `serves content over plain HTTP (${r.status})`, '', fix);
};
