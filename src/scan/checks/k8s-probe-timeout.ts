import { eachContainer, k8sWorkloads, noWorkloads } from '../config/k8s.js';
import { readProbe } from '../config/k8s-probes.js';
import { type Finding, summarize } from '../config/verdicts.js';
import { result, type ScanCheck } from '../types.js';

export const k8sProbeTimeout: ScanCheck = {
  id: 'k8s-probe-timeout',
  title: 'Kubernetes health probes time out in under 30 s (timeoutSeconds, default 1)',
  run(repo) {
    const containers = eachContainer(k8sWorkloads(repo));
    if (containers.length === 0) return noWorkloads();
    const findings = containers.flatMap(({ w, name, label }) =>
      (['livenessProbe', 'readinessProbe'] as const).flatMap((key): Finding[] => {
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
    );
    if (findings.length === 0)
      return result(
        'unknown',
        'No health probes found',
        'The Kubernetes containers have no liveness or readiness probes to time out.',
        '',
      );
    const { verdict, why, evidence } = summarize(findings);
    return result(
      verdict,
      verdict === 'pass' ? 'Probe timeouts under 30 s' : 'A probe waits 30 s or more',
      why,
      verdict === 'pass'
        ? ''
        : 'Set `timeoutSeconds` well under 30 (a health endpoint that needs longer is itself the problem).',
      evidence,
    );
  },
};
