import { probeUrl } from './probe-url.js';
import { type Probe, verdict } from './types.js';

export const requestId: Probe = async ({ url, http, settings }) => {
  const h = settings.requestIdHeader.toLowerCase();
  const normal = await http.request(probeUrl(url, '/health'), { maxBytes: 64 * 1024 });
  const error = await http.request(probeUrl(url, `/deploy-check-probe-${Date.now().toString(36)}`));
  const on = [normal.headers[h] ? 'normal' : '', error.headers[h] ? 'error' : ''].filter(Boolean);
  const fix = `Add middleware that sets ${settings.requestIdHeader} on every response, errors included.`;
  if (on.length === 2) return verdict('pass', `${settings.requestIdHeader} on normal and error responses`);
  if (on.length === 1)
    return verdict('warn', `${settings.requestIdHeader} only on ${on[0]} responses`, '', fix);
  return verdict('fail', `no ${settings.requestIdHeader} header`, '', fix);
};
