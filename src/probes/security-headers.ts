import { type Probe, verdict } from './types.js';

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
