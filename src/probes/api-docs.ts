import { probeUrl } from './probe-url.js';
import { type Probe, verdict } from './types.js';

export const apiDocs: Probe = async ({ url, http }) => {
  const open: string[] = [];
  for (const p of ['/docs', '/redoc', '/openapi.json']) {
    const r = await http.request(probeUrl(url, p), { maxBytes: 64 * 1024 });
    if (r.status >= 200 && r.status < 300) open.push(p);
  }
  return open.length
    ? verdict(
        'warn',
        `API docs are public: ${open.join(', ')}`,
        'This may be intended for a public API; otherwise it maps the whole attack surface.',
        'FastAPI(docs_url=None, redoc_url=None, openapi_url=None) in production, or protect them.',
      )
    : verdict('pass', 'API docs are not public');
};
