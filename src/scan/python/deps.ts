import { parse as parseToml } from 'smol-toml';
import type { RepoView } from '../types.js';

const cache = new WeakMap<RepoView, Set<string>>();

/** PEP 503 normalised project name of a requirement (`passlib[bcrypt]>=1.7` → `passlib`). */
export const requirementName = (req: string) =>
  (req.trim().match(/^[A-Za-z0-9][A-Za-z0-9._-]*/)?.[0] ?? '').toLowerCase().replace(/[-_.]+/g, '-');

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === 'string') : []);
const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' ? (v as Record<string, unknown>) : {};

function fromPyproject(text: string): string[] {
  const doc = obj(parseToml(text));
  const project = obj(doc.project);
  const poetry = obj(obj(doc.tool).poetry);
  return [
    ...strings(project.dependencies),
    ...Object.values(obj(project['optional-dependencies'])).flatMap(strings),
    ...Object.values(obj(doc['dependency-groups'])).flatMap(strings),
    ...Object.keys(obj(poetry.dependencies)),
    ...Object.values(obj(poetry.group)).flatMap((g) => Object.keys(obj(obj(g).dependencies))),
  ];
}

/**
 * Every dependency the repository declares: pyproject.toml (PEP 621, dependency groups, Poetry) and
 * requirements*.txt (a line format: one requirement a line, `#` comments, `-r`/`-e` options skipped).
 */
export function dependencies(repo: RepoView): Set<string> {
  const hit = cache.get(repo);
  if (hit) return hit;
  const names = new Set<string>();
  for (const { path } of repo.files) {
    const base = path.split('/').at(-1) ?? '';
    const text =
      base === 'pyproject.toml' || /^requirements.*\.(txt|in)$/.test(base) ? repo.read(path) : undefined;
    if (text === undefined) continue;
    let reqs: string[] = [];
    if (base === 'pyproject.toml') {
      try {
        reqs = fromPyproject(text);
      } catch (error) {
        repo.note(path, `not valid TOML: ${(error as Error).message.split('\n')[0]}`);
      }
    } else reqs = text.split('\n').filter((l) => !l.trim().startsWith('-'));
    for (const r of reqs) {
      const name = requirementName(r.split('#')[0] ?? '');
      if (name && name !== 'python') names.add(name);
    }
  }
  cache.set(repo, names);
  return names;
}
