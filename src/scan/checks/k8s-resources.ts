import { eachContainer, k8sWorkloads, noWorkloads } from '../config/k8s.js';
import { type Finding, summarize } from '../config/verdicts.js';
import { result, type ScanCheck } from '../types.js';

const FIELDS = [
  ['requests', 'cpu'],
  ['requests', 'memory'],
  ['limits', 'memory'],
  ['limits', 'cpu'],
] as const;

export const k8sResources: ScanCheck = {
  id: 'k8s-resources',
  title: 'Every Kubernetes container sets CPU and memory requests and limits',
  run(repo) {
    const containers = eachContainer(k8sWorkloads(repo));
    if (containers.length === 0) return noWorkloads();
    const findings = containers.map(({ w, name, label }): Finding => {
      const missing = FIELDS.filter((f) => w.container(name, ['resources', ...f]) === undefined).map((f) =>
        f.join('.'),
      );
      // Kustomize patches may set what the base leaves out: one line per file the values come from.
      const located = FIELDS.map((f) => w.container(name, ['resources', ...f])).filter(
        (l) => l !== undefined,
      );
      const evidence = located
        .map((l) => l.evidence(repo))
        .filter((e, i, all) => all.findIndex((x) => x.path === e.path) === i);
      if (evidence.length === 0)
        evidence.push(...[w.container(name, [])].filter((l) => l !== undefined).map((l) => l.evidence(repo)));
      if (missing.length === 0)
        return { verdict: 'pass', say: `${label} sets requests and limits for CPU and memory.`, evidence };
      // Leaving out only the CPU limit is a deliberate choice for many teams (no CFS throttling).
      const verdict = missing.length === 1 && missing[0] === 'limits.cpu' ? 'warn' : 'fail';
      return { verdict, say: `${label} does not set ${missing.join(', ')}.`, evidence };
    });
    const { verdict, why, evidence } = summarize(findings);
    const summary = {
      pass: 'Requests and limits set',
      warn: 'No CPU limit',
      fail: 'Containers without requests or limits',
      unknown: '',
    }[verdict];
    const fix =
      verdict === 'pass'
        ? ''
        : 'Set `resources.requests` (cpu, memory) from observed usage and `resources.limits.memory` (and a CPU limit unless you deliberately avoid throttling) on every container.';
    return result(verdict, summary, why, fix, evidence);
  },
};
