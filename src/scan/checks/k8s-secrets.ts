import { type K8sObject, k8sObjects } from '../config/k8s.js';
import { isLiteralSecret } from '../config/secret-values.js';
import { type Finding, findingsResult } from '../config/verdicts.js';
import { type YamlPath, yamlLine } from '../config/yaml-line.js';
import { type RepoView, result, type SyncScanCheck } from '../types.js';

type Obj = Record<string, unknown>;
const list = (v: unknown): Obj[] =>
  Array.isArray(v) ? v.filter((x): x is Obj => typeof x === 'object' && x !== null) : [];
const POD: Record<string, YamlPath> = {
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

function dig(value: unknown, path: YamlPath): unknown {
  return path.reduce<unknown>((v, k) => (v as Obj | undefined)?.[k as string], value);
}

/** Literal secrets and Secret references in the containers' env and envFrom. */
function containerFindings(repo: RepoView, o: K8sObject, pod: YamlPath): Finding[] {
  const at = (path: YamlPath) => repo.evidence(o.path, yamlLine(o.file, o.doc, path));
  const out: Finding[] = [];
  for (const key of ['containers', 'initContainers'])
    list(dig(o.value, [...pod, key])).forEach((c, ci) => {
      const base = [...pod, key, ci];
      list(c.env).forEach((e, ei) => {
        const name = String(e.name ?? '');
        if (isLiteralSecret(name, e.value))
          out.push({
            verdict: 'fail',
            say: `${o.name}/${String(c.name)} sets ${name} as a literal \`value:\` in the manifest.`,
            evidence: [at([...base, 'env', ei, 'value'])],
          });
        else if (dig(e, ['valueFrom', 'secretKeyRef']))
          out.push({
            verdict: 'pass',
            say: `${o.name}/${String(c.name)} reads ${name} from a Secret.`,
            evidence: [at([...base, 'env', ei, 'valueFrom', 'secretKeyRef'])],
          });
      });
      list(c.envFrom).forEach((e, ei) => {
        if (e.secretRef)
          out.push({
            verdict: 'pass',
            say: `${o.name}/${String(c.name)} loads a Secret with envFrom.`,
            evidence: [at([...base, 'envFrom', ei, 'secretRef'])],
          });
      });
    });
  return out;
}

function objectFindings(repo: RepoView, o: K8sObject): Finding[] {
  const pod = POD[o.kind];
  if (pod) return containerFindings(repo, o, pod);
  const at = (path: YamlPath) => repo.evidence(o.path, yamlLine(o.file, o.doc, path));
  if (o.kind === 'ConfigMap')
    return Object.entries((o.value.data as Obj | undefined) ?? {})
      .filter(([k, v]) => isLiteralSecret(k, v))
      .map(([k]) => ({
        verdict: 'fail',
        say: `ConfigMap ${o.name} holds ${k}: ConfigMaps are readable by anyone who can read the namespace's config, and end up in logs and dumps.`,
        evidence: [at(['data', k])],
      }));
  if (o.kind === 'Secret' && (o.value.data || o.value.stringData))
    return [
      {
        verdict: 'warn',
        say: `Secret ${o.name} is committed with its values: base64 is not encryption (use Sealed Secrets, External Secrets or SOPS).`,
        evidence: [at([o.value.stringData ? 'stringData' : 'data'])],
      },
    ];
  if (o.kind === 'SealedSecret' || o.kind === 'ExternalSecret')
    return [
      {
        verdict: 'pass',
        say: `${o.kind} ${o.name} keeps the secret values out of the repository.`,
        evidence: [at(['kind'])],
      },
    ];
  return [];
}

export const k8sSecrets: SyncScanCheck = {
  id: 'k8s-secrets',
  title:
    'Kubernetes passes secrets through Secrets (secretKeyRef/secretRef), never literal values or ConfigMaps',
  run(repo) {
    const { objects, patches } = k8sObjects(repo);
    if (!objects.some((o) => POD[o.kind]))
      return result(
        'unknown',
        'No Kubernetes workloads found',
        'No Deployment, StatefulSet, DaemonSet, Job or CronJob manifest was found (Helm templates are skipped until rendered). Not applicable here? Mark the item N/A.',
        '',
      );
    const findings = [...objects, ...patches].flatMap((o) => objectFindings(repo, o));
    if (findings.length === 0)
      return result(
        'unknown',
        'The manifests pass no secrets',
        'No env value, Secret reference or ConfigMap entry looks like a secret: the app may get its secrets some other way (a CSI driver, a vault agent) that the manifests do not show.',
        '',
      );
    return findingsResult(
      findings,
      {
        pass: 'Secrets come from Kubernetes Secrets',
        warn: 'Secret values are committed',
        fail: 'Secrets are written in plain manifests',
        unknown: '',
      },
      'Move each secret into a Secret (created outside git, or through Sealed Secrets/External Secrets) and read it with `valueFrom.secretKeyRef` or `envFrom.secretRef`.',
    );
  },
};
