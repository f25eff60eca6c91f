import { probeUrl } from './probe-url.js';
import { type Probe, verdict } from './types.js';

export const compression: Probe = async ({ url, http, settings }) => {
  if (!settings.samplePath)
    return verdict('skip', 'no sample path configured', '', 'Set probes.samplePath to a ≥ 1 KiB response.');
  const r = await http.request(probeUrl(url, settings.samplePath), {
    headers: { 'accept-encoding': 'gzip, br' },
    follow: 3,
  });
  const enc = r.headers['content-encoding'];
  if (enc && /gzip|br|deflate|zstd/.test(enc))
    return verdict('pass', `${settings.samplePath} is compressed (${enc})`);
  if (r.bytes < 1024)
    return verdict(
      'skip',
      `${settings.samplePath} is only ${r.bytes} bytes`,
      '',
      'Pick a sample path with a ≥ 1 KiB body.',
    );
  return verdict(
    'fail',
    `${settings.samplePath} sent ${r.bytes} bytes uncompressed`,
    `Asked with Accept-Encoding: gzip, br; got ${r.headers['content-type'] ?? 'no content type'}.`,
    'Add GZipMiddleware(minimum_size=500) or enable gzip in the reverse proxy.',
  );
};
