import { containerLine, createContainerCheck } from '../config/container-check.js';
import { isHealthPath, readProbe } from '../config/k8s-probes.js';

export const k8sLiveness = createContainerCheck({
  id: 'k8s-liveness',
  title: 'Every Kubernetes container has a liveness probe on a /health-like path',
  judge(repo, { w, name, label }) {
    const probe = readProbe(repo, w, name, 'livenessProbe');
    if (!probe)
      return [
        {
          verdict: 'fail',
          say: `${label} has no livenessProbe: a hung process is never restarted.`,
          evidence: containerLine(repo, w, name),
        },
      ];
    const timeout = `timeoutSeconds ${probe.timeoutSeconds}${probe.timeoutWritten ? '' : ' (the default)'}`;
    const evidence = [probe.where];
    if (probe.kind !== 'httpGet')
      return [
        {
          verdict: 'warn',
          say: `${label}'s livenessProbe is ${probe.kind}, not an HTTP check of the app's health endpoint (${timeout}).`,
          evidence,
        },
      ];
    if (!isHealthPath(probe.path))
      return [
        {
          verdict: 'warn',
          say: `${label}'s livenessProbe asks \`${probe.path}\`, not a health endpoint (${timeout}).`,
          evidence,
        },
      ];
    return [
      { verdict: 'pass', say: `${label}'s livenessProbe asks \`${probe.path}\` (${timeout}).`, evidence },
    ];
  },
  summaries: {
    pass: 'Liveness probes check /health',
    warn: 'Liveness probes do not check a health endpoint',
    fail: 'Containers without a liveness probe',
  },
  fix: 'Add `livenessProbe: { httpGet: { path: /health, port: 8000 }, timeoutSeconds: 5 }` to every app container.',
});
