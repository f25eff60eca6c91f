import { type Probe, verdict } from './types.js';

const ATTACKER = 'https://deploy-check-attacker.example';
// Starlette reflects any Origin for allow_origins=['*'] when the request carries a cookie.
const COOKIE = 'session=deploy-check-probe';

export const cors: Probe = async ({ url, http }) => {
  const ask = (origin: string, method = 'GET') =>
    http.request(url, {
      method,
      headers: {
        origin,
        cookie: COOKIE,
        ...(method === 'OPTIONS' ? { 'access-control-request-method': 'GET' } : {}),
      },
      maxBytes: 64 * 1024,
    });
  const [pre, get, nul] = await Promise.all([ask(ATTACKER, 'OPTIONS'), ask(ATTACKER), ask('null')]);
  const fix =
    'List trusted origins in allow_origins; never reflect arbitrary origins with allow_credentials=True.';
  for (const [r, origin] of [
    [pre, ATTACKER],
    [get, ATTACKER],
    [nul, 'null'],
  ] as const) {
    const allow = r.headers['access-control-allow-origin'];
    if (allow === origin && r.headers['access-control-allow-credentials'] === 'true')
      return verdict(
        'fail',
        `origin ${origin} is reflected with credentials`,
        `Access-Control-Allow-Origin: ${allow}, Access-Control-Allow-Credentials: true`,
        fix,
      );
  }
  const allow = get.headers['access-control-allow-origin'] ?? pre.headers['access-control-allow-origin'];
  if (allow === ATTACKER || allow === 'null')
    return verdict('warn', 'any origin is reflected (without credentials)', `Allow-Origin: ${allow}`, fix);
  if (allow === '*')
    return verdict(
      'warn',
      'Access-Control-Allow-Origin: * (public API?)',
      'No credentials allowed, so cookies are not exposed.',
      'Fine for a public API; otherwise restrict origins.',
    );
  return verdict('pass', 'an attacker origin is not allowed');
};
