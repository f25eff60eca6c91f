import { probeUrl } from './probe-url.js';
import { type Probe, verdict } from './types.js';

const MARKERS = [
  /Traceback \(most recent call last\)/,
  /Starlette Debugger|Werkzeug Debugger/i,
  /File "[^"]+\.py", line \d+/,
  /You're seeing this error because you have <code>DEBUG = True<\/code>/,
  /sqlalchemy\.exc\.|psycopg2?\.errors/i,
  // Node/Java stack frames: "at fn (/app/x.js:1:2)" or "at com.x.Y.z(Y.java:42)".
  /\bat [\w$.<>]+ \([^)]+:\d+(:\d+)?\)/,
];

export const errorDisclosure: Probe = async ({ url, http, settings }) => {
  const paths = [
    `/deploy-check-probe-${Date.now().toString(36)}`,
    ...(settings.errorPath ? [settings.errorPath] : []),
  ];
  for (const p of paths) {
    const r = await http.request(probeUrl(url, p));
    const hit = MARKERS.find((m) => m.test(r.body));
    if (hit)
      return verdict(
        'fail',
        `${p} leaks internals (${r.status})`,
        `Matched ${hit}: ${r.body.slice(0, 300)}`,
        'Run with debug=False and return a generic error body (e.g. {"detail": "Internal Server Error"}).',
      );
  }
  return verdict('pass', `error responses show no stack traces (${paths.join(', ')})`);
};
