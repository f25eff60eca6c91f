import { apiDocs } from './api-docs.js';
import { compression } from './compression.js';
import { cors } from './cors.js';
import { errorDisclosure } from './error-disclosure.js';
import { health } from './health.js';
import { hsts } from './hsts.js';
import { httpsRedirect } from './https-redirect.js';
import { latency } from './latency.js';
import { ready } from './ready.js';
import { requestId } from './request-id.js';
import { securityHeaders } from './security-headers.js';
import { serverHeader } from './server-header.js';
import { staticCache } from './static-cache.js';
import { tlsCertificate } from './tls-certificate.js';
import type { Probe, ProbeId } from './types.js';

/** Every probe by its stable id; a Record so adding an id to PROBE_IDS without a probe fails to compile. */
export const PROBES: Readonly<Record<ProbeId, Probe>> = {
  health,
  ready,
  'https-redirect': httpsRedirect,
  'tls-certificate': tlsCertificate,
  hsts,
  cors,
  compression,
  'error-disclosure': errorDisclosure,
  'request-id': requestId,
  'api-docs': apiDocs,
  'security-headers': securityHeaders,
  'server-header': serverHeader,
  latency,
  'static-cache': staticCache,
};
