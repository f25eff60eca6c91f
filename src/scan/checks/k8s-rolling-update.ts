import { k8sWorkloads, noWorkloads } from '../config/k8s.js';
import { type Finding, findingsResult } from '../config/verdicts.js';
import { yamlLine } from '../config/yaml-line.js';
import type { SyncScanCheck } from '../types.js';

export const k8sRollingUpdate: SyncScanCheck = {
  id: 'k8s-rolling-update',
  title: 'Deployments roll out gradually (RollingUpdate, the default; not Recreate or maxUnavailable 100%)',
  run(repo) {
    const workloads = k8sWorkloads(repo).filter((w) => w.object.kind !== 'DaemonSet');
    if (workloads.length === 0) return noWorkloads();
    const findings = workloads.map((w): Finding => {
      const name = `${w.object.kind} ${w.object.name}`;
      const key = w.object.kind === 'StatefulSet' ? 'updateStrategy' : 'strategy';
      const type = w.get(['spec', key, 'type']);
      const kindLine = repo.evidence(w.object.path, yamlLine(w.object.file, w.object.doc, ['kind']));
      if (type?.value === 'Recreate' || type?.value === 'OnDelete')
        return {
          verdict: 'fail',
          say: `${name} uses \`${String(type.value)}\`: every pod stops before the new ones start, so each deploy is an outage.`,
          evidence: [type.evidence(repo)],
        };
      const unavailable = w.get(['spec', key, 'rollingUpdate', 'maxUnavailable']);
      const replicas = Number(w.get(['spec', 'replicas'])?.value ?? 1);
      if (unavailable && (unavailable.value === '100%' || Number(unavailable.value) >= replicas))
        return {
          verdict: 'fail',
          say: `${name} allows maxUnavailable ${String(unavailable.value)} of ${replicas} replicas: a rollout may take every pod down at once.`,
          evidence: [unavailable.evidence(repo)],
        };
      if (type)
        return {
          verdict: 'pass',
          say: `${name} uses RollingUpdate${unavailable ? ` with maxUnavailable ${String(unavailable.value)}` : ''}.`,
          evidence: [type.evidence(repo)],
        };
      return {
        verdict: 'pass',
        say: `${name} sets no strategy, so Kubernetes rolls it out with RollingUpdate (maxSurge 25 %, maxUnavailable 25 %).`,
        evidence: [kindLine],
      };
    });
    return findingsResult(
      findings,
      (verdict) => (verdict === 'pass' ? 'Rolling updates' : 'A rollout can take every pod down'),
      'Use `strategy: { type: RollingUpdate, rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } }` with readiness probes.',
    );
  },
};
