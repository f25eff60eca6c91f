import { type RepoView, result, type ScanVerdict, type SyncScanCheck } from '../types.js';
import { eachContainer, type K8sWorkload, k8sWorkloads, noWorkloads } from './k8s.js';
import { type Finding, summarize } from './verdicts.js';

export interface ContainerCheckSpec {
  id: string;
  title: string;
  /** What one container of one workload shows (none: it has nothing to judge). */
  judge: (repo: RepoView, c: { w: K8sWorkload; name: string; label: string }) => Finding[];
  /** Said when no container had anything to judge. */
  nothing?: { summary: string; why: string };
  summaries: Record<Exclude<ScanVerdict, 'unknown'>, string>;
  fix: string;
}

/** A check over every Kubernetes container: unknown without workloads, else the findings combined. */
export function createContainerCheck(spec: ContainerCheckSpec): SyncScanCheck {
  return {
    id: spec.id,
    title: spec.title,
    run(repo) {
      const containers = eachContainer(k8sWorkloads(repo));
      if (containers.length === 0) return noWorkloads();
      const findings = containers.flatMap((c) => spec.judge(repo, c));
      const { verdict, why, evidence } = summarize(findings);
      if (verdict === 'unknown')
        return result(
          'unknown',
          spec.nothing?.summary ?? 'Nothing to judge',
          spec.nothing?.why ?? why,
          '',
          evidence,
        );
      return result(verdict, spec.summaries[verdict], why, verdict === 'pass' ? '' : spec.fix, evidence);
    },
  };
}

/** Evidence for a container itself (its `- name:` line), when a field it should have is missing. */
export const containerLine = (repo: RepoView, w: K8sWorkload, name: string) =>
  [w.container(name, [])].filter((l) => l !== undefined).map((l) => l.evidence(repo));
