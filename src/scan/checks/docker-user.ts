import { effectiveUser, isRootUser } from '../config/docker-user.js';
import { appDockerfiles, noDockerfile } from '../config/dockerfiles.js';
import { k8sWorkloads } from '../config/k8s.js';
import { type Finding, findingsResult, summarize } from '../config/verdicts.js';
import { type RepoView, result, type SyncScanCheck } from '../types.js';

/** Kubernetes containers that run as non-root whatever the image says (runAsUser ≠ 0, or runAsNonRoot). */
function k8sNonRoot(repo: RepoView): { all: boolean; findings: Finding[] } {
  const findings: Finding[] = [];
  let all = true;
  let any = false;
  for (const w of k8sWorkloads(repo))
    for (const name of w.containers) {
      any = true;
      const pod = ['spec', 'template', 'spec', 'securityContext'];
      const user = w.container(name, ['securityContext', 'runAsUser']) ?? w.get([...pod, 'runAsUser']);
      const nonRoot =
        w.container(name, ['securityContext', 'runAsNonRoot']) ?? w.get([...pod, 'runAsNonRoot']);
      const ok = (user !== undefined && Number(user.value) !== 0) || nonRoot?.value === true;
      all &&= ok;
      if (ok)
        findings.push({
          verdict: 'pass',
          say: `Kubernetes runs container ${name} of ${w.object.name} as non-root.`,
          evidence: [user ?? nonRoot].filter((l) => l !== undefined).map((l) => l.evidence(repo)),
        });
    }
  return { all: any && all, findings };
}

export const dockerUser: SyncScanCheck = {
  id: 'docker-user',
  title: 'The final stage runs as a non-root USER (hadolint DL3002, inherited through stages)',
  run(repo) {
    const files = appDockerfiles(repo);
    const k8s = k8sNonRoot(repo);
    if (files.length === 0) {
      if (k8s.all)
        return result(
          'pass',
          'Kubernetes runs the app as non-root',
          summarize(k8s.findings).why,
          '',
          summarize(k8s.findings).evidence,
        );
      return noDockerfile();
    }
    const findings: Finding[] = files.map(({ file, final }) => {
      const { user, at } = effectiveUser(file, final);
      const root = isRootUser(user);
      const said = at ? `\`USER ${user}\`` : 'no USER at all (Docker runs it as root)';
      return {
        verdict: root ? (k8s.all ? 'warn' : 'fail') : 'pass',
        say: `${file.path}: the final stage runs with ${said}${root && k8s.all ? ', although Kubernetes overrides it with a non-root user (docker run and compose still run it as root)' : ''}.`,
        evidence: [repo.evidence(file.path, (at ?? final.from).line)],
      };
    });
    return findingsResult(
      [...findings, ...k8s.findings],
      (verdict) =>
        verdict === 'pass' ? 'The container runs as a non-root user' : 'The container runs as root',
      'Add `RUN useradd --create-home --uid 10001 app` and `USER app` at the end of the final stage (after files are copied and owned).',
    );
  },
};
