import type { RepoView, ScanEvidence } from '../types.js';
import type { K8sWorkload } from './k8s.js';

export interface Probe {
  kind: 'httpGet' | 'tcpSocket' | 'exec' | 'grpc' | 'unknown';
  path: string | undefined;
  /** Kubernetes' default is 1 second. */
  timeoutSeconds: number;
  timeoutWritten: boolean;
  where: ScanEvidence;
  timeoutWhere: ScanEvidence | undefined;
}

/** A container's liveness or readiness probe as Kubernetes will run it (defaults filled in). */
export function readProbe(
  repo: RepoView,
  w: K8sWorkload,
  container: string,
  key: 'livenessProbe' | 'readinessProbe',
): Probe | undefined {
  const probe = w.container(container, [key]);
  if (!probe || typeof probe.value !== 'object' || probe.value === null) return undefined;
  const value = probe.value as Record<string, unknown>;
  const kind = (['httpGet', 'tcpSocket', 'exec', 'grpc'] as const).find((k) => k in value) ?? 'unknown';
  const path = w.container(container, [key, 'httpGet', 'path'])?.value;
  const timeout = w.container(container, [key, 'timeoutSeconds']);
  return {
    kind,
    path: typeof path === 'string' ? path : kind === 'httpGet' ? '/' : undefined,
    timeoutSeconds: timeout ? Number(timeout.value) : 1,
    timeoutWritten: timeout !== undefined,
    where: probe.evidence(repo),
    timeoutWhere: timeout?.evidence(repo),
  };
}

export const isHealthPath = (path: string | undefined): boolean =>
  path !== undefined &&
  /(^|\/)(health[\w-]*|livez?|liveness|readyz?|readiness|ping|status|heartbeat)(\/|$)/i.test(path);
