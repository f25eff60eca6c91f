import { type YamlFile, yamlReader } from '../readers/yaml.js';
import { type RepoView, result, type ScanEvidence } from '../types.js';
import { baseName, dirName, isComposeFile, isDevelopmentFile, isYaml } from './file-kinds.js';
import { type YamlPath, yamlLine } from './yaml-line.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;

/** One Kubernetes object: a document with `apiVersion` and `kind`. */
export interface K8sObject {
  path: string;
  file: YamlFile;
  doc: number;
  kind: string;
  name: string;
  value: Obj;
}

/** A value found at `path` inside one object, with where it was written. */
export interface Located {
  value: unknown;
  evidence: (repo: RepoView) => ScanEvidence;
}

export interface K8sWorkload {
  object: K8sObject;
  /** Kustomize strategic-merge patches for the same kind and name, applied in order. */
  patches: K8sObject[];
  containers: string[];
  /** A field of the workload (patches win), e.g. ['spec', 'strategy', 'type']. */
  get(path: YamlPath): Located | undefined;
  /** A field of one container by name (patches win), e.g. ['resources', 'limits', 'cpu']. */
  container(name: string, path: YamlPath): Located | undefined;
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);
const CONTAINERS: YamlPath = ['spec', 'template', 'spec', 'containers'];

function dig(value: unknown, path: YamlPath): unknown {
  let v = value;
  for (const key of path)
    v = typeof key === 'number' ? (Array.isArray(v) ? v[key] : undefined) : obj(v)?.[key];
  return v;
}

const locate = (o: K8sObject, path: YamlPath): Located | undefined => {
  const value = dig(o.value, path);
  if (value === undefined) return undefined;
  return { value, evidence: (repo) => repo.evidence(o.path, yamlLine(o.file, o.doc, path)) };
};

const isHelmTemplate = (path: string, text: string) => /(^|\/)templates\//.test(path) && text.includes('{{');

/** Paths a kustomization names as patches (they are partial objects, merged into their targets). */
/** Per-file notes are kept once per scan, though every Kubernetes check walks the same files. */
const noted = new WeakMap<RepoView, Set<string>>();
function noteOnce(repo: RepoView, path: string, message: string): void {
  const seen = noted.get(repo) ?? new Set<string>();
  noted.set(repo, seen);
  if (seen.has(`${path}\0${message}`)) return;
  seen.add(`${path}\0${message}`);
  repo.note(path, message);
}

/**
 * Paths a kustomization names as patches (partial objects, merged into their targets). Its resources are
 * followed only to say when one is not in the scanned tree (every YAML file in the tree is read anyway).
 */
function kustomizePatches(repo: RepoView, path: string): string[] {
  const value = obj(repo.parse(path, yamlReader)?.docs[0]?.value);
  if (!value) return [];
  const dir = dirName(path);
  const resolve = (p: string) => normalize(dir ? `${dir}/${p}` : p);
  for (const r of Array.isArray(value.resources) ? value.resources : []) {
    if (typeof r !== 'string' || /:\/\/|^github\.com\//.test(r)) continue;
    const target = resolve(r);
    if (
      r.startsWith('../'.repeat(dir.split('/').length + 1)) ||
      !repo.files.some((f) => f.path === target || f.path.startsWith(`${target}/`))
    )
      noteOnce(
        repo,
        path,
        `kustomization resource \`${r}\` is not in the scanned tree: its objects were not checked`,
      );
  }
  const named = [
    ...(Array.isArray(value.patchesStrategicMerge) ? value.patchesStrategicMerge : []),
    ...(Array.isArray(value.patches) ? value.patches.map((p) => obj(p)?.path) : []),
  ].filter((p): p is string => typeof p === 'string');
  return named.map(resolve);
}

function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..') out.pop();
    else if (part !== '.' && part !== '') out.push(part);
  }
  return out.join('/');
}

/** Every Kubernetes object in production YAML (Helm templates noted and skipped), and the kustomize patches. */
export function k8sObjects(repo: RepoView): { objects: K8sObject[]; patches: K8sObject[] } {
  const patchPaths = new Set(
    repo.files
      .filter((f) => /^kustomization\.ya?ml$/i.test(baseName(f.path)) && !isDevelopmentFile(f.path))
      .flatMap((f) => kustomizePatches(repo, f.path)),
  );
  const objects: K8sObject[] = [];
  const patches: K8sObject[] = [];
  for (const { path } of repo.files) {
    if (!isYaml(path) || isComposeFile(path) || isDevelopmentFile(path) || path.startsWith('.github/'))
      continue;
    const text = repo.read(path) ?? '';
    if (isHelmTemplate(path, text)) {
      noteOnce(
        repo,
        path,
        'Helm template: not YAML until rendered (run `helm template` and scan the output)',
      );
      continue;
    }
    const file = repo.parse(path, yamlReader);
    file?.docs.forEach(({ value }, doc) => {
      const v = obj(value);
      if (!v || typeof v.kind !== 'string' || typeof v.apiVersion !== 'string') return;
      const name = String(obj(v.metadata)?.name ?? '');
      (patchPaths.has(path) ? patches : objects).push({ path, file, doc, kind: v.kind, name, value: v });
    });
  }
  return { objects, patches };
}

/** Deployments, StatefulSets and DaemonSets with their containers, patches merged by container name. */
export function k8sWorkloads(repo: RepoView): K8sWorkload[] {
  const { objects, patches } = k8sObjects(repo);
  return objects
    .filter((o) => WORKLOADS.has(o.kind))
    .map((object) => {
      const mine = patches.filter((p) => p.kind === object.kind && p.name === object.name);
      const layers = [object, ...mine].reverse();
      const containerPath = (o: K8sObject, name: string): YamlPath | undefined => {
        const list = dig(o.value, CONTAINERS);
        const i = Array.isArray(list) ? list.findIndex((c) => obj(c)?.name === name) : -1;
        return i >= 0 ? [...CONTAINERS, i] : undefined;
      };
      const list = dig(object.value, CONTAINERS);
      return {
        object,
        patches: mine,
        containers: (Array.isArray(list) ? list : []).map((c) => String(obj(c)?.name ?? '')),
        get: (path) => layers.map((o) => locate(o, path)).find((l) => l !== undefined),
        container: (name, path) =>
          layers
            .map((o) => {
              const at = containerPath(o, name);
              return at ? locate(o, [...at, ...path]) : undefined;
            })
            .find((l) => l !== undefined),
      };
    });
}

/** What every Kubernetes check says when the repository has no workload manifests. */
export const noWorkloads = () =>
  result(
    'unknown',
    'No Kubernetes workloads found',
    'No Deployment, StatefulSet or DaemonSet manifest was found (Helm templates are skipped until rendered). Not applicable here? Mark the item N/A.',
    '',
  );

/** Each container of each workload, named `workload/container` for sentences. */
export const eachContainer = (workloads: readonly K8sWorkload[]) =>
  workloads.flatMap((w) => w.containers.map((name) => ({ w, name, label: `${w.object.name}/${name}` })));
