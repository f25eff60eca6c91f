import { type Probe, verdict } from './types.js';

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
