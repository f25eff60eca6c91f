import { type Probe, verdict } from './types.js';

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
