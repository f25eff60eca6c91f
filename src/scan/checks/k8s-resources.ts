import { containerLine, createContainerCheck } from '../config/container-check.js';

const FIELDS = [
  ['requests', 'cpu'],
  ['requests', 'memory'],
  ['limits', 'memory'],
  ['limits', 'cpu'],
] as const;

export const k8sResources = createContainerCheck({
  id: 'k8s-resources',
  title: 'Every Kubernetes container sets CPU and memory requests and limits',
  judge(repo, { w, name, label }) {
    const missing = FIELDS.filter((f) => w.container(name, ['resources', ...f]) === undefined).map((f) =>
      f.join('.'),
    );
    // Kustomize patches may set what the base leaves out: one line per file the values come from.
    const located = FIELDS.map((f) => w.container(name, ['resources', ...f])).filter((l) => l !== undefined);
    const found = located
      .map((l) => l.evidence(repo))
      .filter((e, i, all) => all.findIndex((x) => x.path === e.path) === i);
    const evidence = found.length > 0 ? found : containerLine(repo, w, name);
    if (missing.length === 0)
      return [{ verdict: 'pass', say: `${label} sets requests and limits for CPU and memory.`, evidence }];
    // Leaving out only the CPU limit is a deliberate choice for many teams (no CFS throttling).
    const verdict = missing.length === 1 && missing[0] === 'limits.cpu' ? 'warn' : 'fail';
    return [{ verdict, say: `${label} does not set ${missing.join(', ')}.`, evidence }];
  },
  summaries: {
    pass: 'Requests and limits set',
    warn: 'No CPU limit',
    fail: 'Containers without requests or limits',
  },
  fix: 'Set `resources.requests` (cpu, memory) from observed usage and `resources.limits.memory` (and a CPU limit unless you deliberately avoid throttling) on every container.',
});
