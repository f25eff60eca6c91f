import { type PythonModule, pythonReader } from '../readers/python.js';
import type { RepoView } from '../types.js';

/** The Python side of a repository: the app's modules apart from tests and migration scripts. */
export interface PyProject {
  readonly repo: RepoView;
  /** Application modules: not tests, not alembic revision scripts. */
  readonly modules: readonly PythonModule[];
  /** Alembic (or other) revision scripts under a `versions/` folder. */
  readonly migrations: readonly PythonModule[];
  /** The module a dotted import names (`app.core.config`), resolved by path suffix. */
  module(dotted: string): PythonModule | undefined;
  /** A derived view computed once per project (checks share engines, models, log handlers). */
  memo<T>(key: string, compute: () => T): T;
}

const isTest = (path: string) => {
  const parts = path.split('/');
  const base = parts.at(-1) ?? '';
  return (
    parts.slice(0, -1).some((p) => p === 'tests' || p === 'test') ||
    base.startsWith('test_') ||
    base.endsWith('_test.py') ||
    base === 'conftest.py'
  );
};
export const isMigration = (path: string) => path.split('/').at(-2) === 'versions';

/** `app/core/config.py` → `app.core.config`; a package's `__init__.py` is the package. */
export const moduleName = (path: string) =>
  path
    .replace(/\.py$/, '')
    .replace(/(^|\/)__init__$/, '')
    .split('/')
    .join('.');

const cache = new WeakMap<RepoView, PyProject>();

/** The repository's Python project, parsed once per RepoView (every Python check shares it). */
export function pythonProject(repo: RepoView): PyProject {
  const hit = cache.get(repo);
  if (hit) return hit;
  const modules: PythonModule[] = [];
  const migrations: PythonModule[] = [];
  // With an app root (`--app-root backend`), Python elsewhere (docs examples, scripts) is not the app.
  const under = repo.appRoot ? `${repo.appRoot.replace(/\/+$/, '')}/` : '';
  for (const file of repo.files) {
    if (!file.path.endsWith('.py') || isTest(file.path) || !file.path.startsWith(under)) continue;
    const mod = repo.parse(file.path, pythonReader);
    if (mod) (isMigration(file.path) ? migrations : modules).push(mod);
  }
  const byName = new Map(modules.map((m) => [moduleName(m.path), m]));
  const memos = new Map<string, unknown>();
  const project: PyProject = {
    repo,
    modules,
    migrations,
    module(dotted) {
      const exact = byName.get(dotted);
      if (exact) return exact;
      // The app may sit in a subfolder (backend/app/...): match the dotted name as a path suffix.
      for (const [name, mod] of byName) if (name.endsWith(`.${dotted}`)) return mod;
      return undefined;
    },
    memo<T>(key: string, compute: () => T): T {
      if (!memos.has(key)) memos.set(key, compute());
      return memos.get(key) as T;
    },
  };
  cache.set(repo, project);
  return project;
}
