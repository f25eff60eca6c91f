import { containerLine, createContainerCheck } from '../config/container-check.js';
import { readProbe } from '../config/k8s-probes.js';

export const k8sReadiness = createContainerCheck({
  id: 'k8s-readiness',
  title: 'Every Kubernetes container has a readiness probe distinct from its liveness probe',
  judge(repo, { w, name, label }) {
    const ready = readProbe(repo, w, name, 'readinessProbe');
    const live = readProbe(repo, w, name, 'livenessProbe');
    if (!ready)
      return [
        {
          verdict: 'fail',
          say: `${label} has no readinessProbe: traffic arrives before the app (and its database) is ready.`,
          evidence: containerLine(repo, w, name),
        },
      ];
    if (ready.kind !== 'httpGet')
      return [
        {
          verdict: 'warn',
          say: `${label}'s readinessProbe is ${ready.kind}, which cannot tell whether the database is reachable.`,
          evidence: [ready.where],
        },
      ];
    if (live?.kind === 'httpGet' && live.path === ready.path)
      return [
        {
          verdict: 'warn',
          say: `${label}'s readinessProbe asks the same \`${ready.path}\` as its livenessProbe: readiness should also check the database, liveness only the process.`,
          evidence: [ready.where, live.where],
        },
      ];
    const apart = live ? `, apart from liveness \`${live.path ?? live.kind}\`` : '';
    return [
      {
        verdict: 'pass',
        say: `${label}'s readinessProbe asks \`${ready.path}\`${apart}.`,
        evidence: [ready.where],
      },
    ];
  },
  summaries: {
    pass: 'Readiness probes set',
    warn: 'Readiness probes do not check readiness',
    fail: 'Containers without a readiness probe',
  },
  fix: 'Add `readinessProbe: { httpGet: { path: /ready, port: 8000 } }` on an endpoint that checks the database, separate from the liveness path.',
});
