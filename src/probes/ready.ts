import { probeUrl } from './probe-url.js';
import { type Probe, verdict } from './types.js';

export const ready: Probe = async ({ url, http }) => {
  const r = await http.request(probeUrl(url, '/ready'), { follow: 3, maxBytes: 64 * 1024 });
  if (r.status >= 200 && r.status < 300) return verdict('pass', `/ready answered ${r.status}`);
  if (r.status === 404)
    return verdict(
      'fail',
      '/ready is missing (404)',
      '',
      'Add GET /ready that checks the database and dependencies.',
    );
  return verdict(
    'fail',
    `/ready answered ${r.status}`,
    r.body.slice(0, 300),
    'Readiness must return 2xx only when dependencies are reachable.',
  );
};
