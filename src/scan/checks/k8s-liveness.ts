import { eachContainer, k8sWorkloads, noWorkloads } from '../config/k8s.js';
import { isHealthPath, readProbe } from '../config/k8s-probes.js';
import { type Finding, summarize } from '../config/verdicts.js';
import { result, type ScanCheck } from '../types.js';

export const k8sLiveness: ScanCheck = {
  id: 'k8s-liveness',
  title: 'Every Kubernetes container has a liveness probe on a /health-like path',
  run(repo) {
    const containers = eachContainer(k8sWorkloads(repo));
    if (containers.length === 0) return noWorkloads();
    const findings = containers.map(({ w, name, label }): Finding => {
      const probe = readProbe(repo, w, name, 'livenessProbe');
      if (!probe) {
        const at = w.container(name, []);
        return {
          verdict: 'fail',
          say: `${label} has no livenessProbe: a hung process is never restarted.`,
          evidence: at ? [at.evidence(repo)] : [],
        };
      }
      const timeout = `timeoutSeconds ${probe.timeoutSeconds}${probe.timeoutWritten ? '' : ' (the default)'}`;
      const evidence = [probe.where];
      if (probe.kind !== 'httpGet')
        return {
          verdict: 'warn',
          say: `${label}'s livenessProbe is ${probe.kind}, not an HTTP check of the app's health endpoint (${timeout}).`,
          evidence,
        };
      if (!isHealthPath(probe.path))
        return {
          verdict: 'warn',
          say: `${label}'s livenessProbe asks \`${probe.path}\`, not a health endpoint (${timeout}).`,
          evidence,
        };
      return {
        verdict: 'pass',
        say: `${label}'s livenessProbe asks \`${probe.path}\` (${timeout}).`,
        evidence,
      };
    });
    const { verdict, why, evidence } = summarize(findings);
    const summary = {
      pass: 'Liveness probes check /health',
      warn: 'Liveness probes do not check a health endpoint',
      fail: 'Containers without a liveness probe',
      unknown: '',
    }[verdict];
    const fix =
      verdict === 'pass'
        ? ''
        : 'Add `livenessProbe: { httpGet: { path: /health, port: 8000 }, timeoutSeconds: 5 }` to every app container.';
    return result(verdict, summary, why, fix, evidence);
  },
};
