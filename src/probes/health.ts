import { probeUrl } from './probe-url.js';
import { type Probe, verdict } from './types.js';

export const health: Probe = async ({ url, http, settings }) => {
  const target = probeUrl(url, '/health');
  const r = await http.request(target, { follow: 3, maxBytes: 64 * 1024 });
  const ms = Math.round(r.ms);
  if (r.status < 200 || r.status >= 300)
    return verdict(
      'fail',
      `/health answered ${r.status}`,
      `GET ${target.href} → ${r.status} ${r.body.slice(0, 200)}`,
      'Serve GET /health returning 200 when the process is alive.',
    );
  if (ms > settings.latencyBudgetMs)
    return verdict(
      'warn',
      `/health is slow (${ms} ms > ${settings.latencyBudgetMs} ms budget)`,
      `GET ${target.href} → ${r.status}`,
      'Keep /health cheap: no database calls in liveness checks.',
    );
  return verdict('pass', `/health answered ${r.status} in ${ms} ms`);
};
