import { eachContainer, k8sWorkloads, noWorkloads } from '../config/k8s.js';
import { readProbe } from '../config/k8s-probes.js';
import { type Finding, summarize } from '../config/verdicts.js';
import { result, type ScanCheck } from '../types.js';

export const k8sReadiness: ScanCheck = {
  id: 'k8s-readiness',
  title: 'Every Kubernetes container has a readiness probe distinct from its liveness probe',
  run(repo) {
    const containers = eachContainer(k8sWorkloads(repo));
    if (containers.length === 0) return noWorkloads();
    const findings = containers.map(({ w, name, label }): Finding => {
      const ready = readProbe(repo, w, name, 'readinessProbe');
      const live = readProbe(repo, w, name, 'livenessProbe');
      if (!ready) {
        const at = w.container(name, []);
        return {
          verdict: 'fail',
          say: `${label} has no readinessProbe: traffic arrives before the app (and its database) is ready.`,
          evidence: at ? [at.evidence(repo)] : [],
        };
      }
      if (ready.kind !== 'httpGet')
        return {
          verdict: 'warn',
          say: `${label}'s readinessProbe is ${ready.kind}, which cannot tell whether the database is reachable.`,
          evidence: [ready.where],
        };
      if (live?.kind === 'httpGet' && live.path === ready.path)
        return {
          verdict: 'warn',
          say: `${label}'s readinessProbe asks the same \`${ready.path}\` as its livenessProbe: readiness should also check the database, liveness only the process.`,
          evidence: [ready.where, live.where],
        };
      return {
        verdict: 'pass',
        say: `${label}'s readinessProbe asks \`${ready.path}\`${live ? `, apart from liveness \`${live.path ?? live.kind}\`` : ''}.`,
        evidence: [ready.where],
      };
    });
    const { verdict, why, evidence } = summarize(findings);
    const summary = {
      pass: 'Readiness probes set',
      warn: 'Readiness probes do not check readiness',
      fail: 'Containers without a readiness probe',
      unknown: '',
    }[verdict];
    const fix =
      verdict === 'pass'
        ? ''
        : 'Add `readinessProbe: { httpGet: { path: /ready, port: 8000 } }` on an endpoint that checks the database, separate from the liveness path.';
    return result(verdict, summary, why, fix, evidence);
  },
};
