import type { SyncScanCheck } from '../types.js';
import { certificateRenewal } from './certificate-renewal.js';
import { dockerBaseImage } from './docker-base-image.js';
import { dockerMultiStage } from './docker-multi-stage.js';
import { dockerUser } from './docker-user.js';
import { dockerignore } from './dockerignore.js';
import { execFormCmd } from './exec-form-cmd.js';
import { k8sLiveness } from './k8s-liveness.js';
import { k8sProbeTimeout } from './k8s-probe-timeout.js';
import { k8sReadiness } from './k8s-readiness.js';
import { k8sResources } from './k8s-resources.js';
import { k8sRollingUpdate } from './k8s-rolling-update.js';
import { k8sSecrets } from './k8s-secrets.js';
import { proxyGzip } from './proxy-gzip.js';
import { proxyHeaders } from './proxy-headers.js';
import { proxyTls } from './proxy-tls.js';
import { rateLimit } from './rate-limit.js';
import { serverTimeouts } from './server-timeouts.js';
import { workers } from './workers.js';

/** The container checks, in the order the report lists them. */
export const CONTAINER_CHECKS: readonly SyncScanCheck[] = [
  dockerBaseImage,
  dockerMultiStage,
  dockerUser,
  dockerignore,
  execFormCmd,
  workers,
  serverTimeouts,
  k8sResources,
  k8sLiveness,
  k8sReadiness,
  k8sRollingUpdate,
  k8sSecrets,
  k8sProbeTimeout,
  proxyTls,
  proxyHeaders,
  rateLimit,
  proxyGzip,
  certificateRenewal,
];
