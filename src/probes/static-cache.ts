import { probeUrl } from './probe-url.js';
import { type Probe, verdict } from './types.js';

const DAY_S = 86_400;

export const staticCache: Probe = async ({ url, http, settings }) => {
  if (!settings.staticPath) return verdict('skip', 'no static path configured');
  const r = await http.request(probeUrl(url, settings.staticPath), { maxBytes: 64 * 1024, follow: 3 });
  const cc = r.headers['cache-control'];
  const age = Number(cc?.match(/max-age=(\d+)/)?.[1] ?? Number.NaN);
  if (!cc || Number.isNaN(age))
    return verdict(
      'fail',
      `${settings.staticPath} has no Cache-Control max-age`,
      cc ? `Cache-Control: ${cc}` : '',
      'Serve static files with Cache-Control: public, max-age=86400 or more.',
    );
  return age >= DAY_S
    ? verdict('pass', `static files cached for ${age} s`)
    : verdict('warn', `static max-age is only ${age} s`, `Cache-Control: ${cc}`, 'Use at least one day.');
};
