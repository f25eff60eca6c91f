import { createContainerCheck } from '../config/container-check.js';
import { readProbe } from '../config/k8s-probes.js';

export const k8sProbeTimeout = createContainerCheck({
  id: 'k8s-probe-timeout',
  title: 'Kubernetes health probes time out in under 30 s (timeoutSeconds, default 1)',
  judge: (repo, { w, name, label }) =>
    (['livenessProbe', 'readinessProbe'] as const).flatMap((key) => {
      const p = readProbe(repo, w, name, key);
      if (!p) return [];
      const written = p.timeoutWritten ? '' : ' (the default)';
      return [
        {
          verdict: p.timeoutSeconds < 30 ? 'pass' : 'fail',
          say: `${label}'s ${key} times out after ${p.timeoutSeconds} s${written}.`,
          evidence: [p.timeoutWhere ?? p.where],
        },
      ];
    }),
  nothing: {
    summary: 'No health probes found',
    why: 'The Kubernetes containers have no liveness or readiness probes to time out.',
  },
  summaries: { pass: 'Probe timeouts under 30 s', warn: '', fail: 'A probe waits 30 s or more' },
  fix: 'Set `timeoutSeconds` well under 30 (a health endpoint that needs longer is itself the problem).',
});
