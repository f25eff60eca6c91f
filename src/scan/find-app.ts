import type { SyntaxNodeRef } from '@lezer/common';
import { type PythonModule, pythonReader } from './readers/python.js';
import { walkTree } from './readers/walk-tree.js';
import type { RepoView } from './types.js';

export interface FoundApp {
  /** The file that creates (or else imports) FastAPI. */
  file: string;
  line: number;
  /** The folder holding the app's project file (pyproject.toml, requirements*.txt, setup.py, Pipfile). */
  appRoot: string;
}

const PROJECT_FILE = /^(pyproject\.toml|setup\.py|setup\.cfg|Pipfile|requirements[\w.-]*\.txt)$/;

/** Where `FastAPI(` is called or `fastapi` imported, read from the lezer tree (never a regex over source). */
export function fastApiUse(mod: PythonModule): { line: number; creates: boolean } | undefined {
  let hit: { line: number; creates: boolean } | undefined;
  walkTree(mod.tree, (n: SyntaxNodeRef) => {
    if (n.name === 'ImportStatement') {
      const node = n.node;
      const names = node.getChildren('VariableName').map((v) => mod.text(v));
      // `import fastapi`, `from fastapi import X`, `from fastapi.x import Y`
      const from = node.firstChild?.name === 'from';
      if (names[0] === 'fastapi' || (!from && names.includes('fastapi')))
        hit ??= { line: mod.line(n.from), creates: false };
      return false;
    }
    if (n.name === 'CallExpression') {
      const callee = n.node.firstChild;
      const name = callee ? mod.text(callee) : '';
      if (name === 'FastAPI' || name === 'fastapi.FastAPI') {
        hit = { line: mod.line(n.from), creates: true };
        return 'stop';
      }
    }
    return undefined;
  });
  return hit;
}

/**
 * Finds the FastAPI app: a Python file that calls `FastAPI(` wins over one that only imports fastapi, a
 * shallower one over a deeper one. Only files mentioning the word are parsed (a prefilter; the decision is
 * the tree's). `under` limits the search to a folder (--app-root).
 */
export function findFastApiApp(repo: RepoView, under = ''): FoundApp | undefined {
  const py = repo.files.filter((f) => f.path.endsWith('.py') && (!under || f.path.startsWith(`${under}/`)));
  const uses = (word: string) =>
    py.flatMap((f) => {
      if (!repo.read(f.path)?.includes(word)) return [];
      const mod = repo.parse(f.path, pythonReader);
      const use = mod && fastApiUse(mod);
      return use ? [{ file: f.path, ...use }] : [];
    });
  // Files that can create the app first (most of a big app only imports fastapi: routers, tests).
  let candidates = uses('FastAPI').filter((c) => c.creates);
  if (candidates.length === 0) candidates = uses('fastapi');
  const depth = (p: string) => p.split('/').length;
  candidates.sort(
    (a, b) =>
      Number(b.creates) - Number(a.creates) || depth(a.file) - depth(b.file) || (a.file < b.file ? -1 : 1),
  );
  const best = candidates[0];
  if (!best) return undefined;
  return { file: best.file, line: best.line, appRoot: under || projectFolder(repo, best.file) };
}

/** The nearest folder at or above the file holding a project file; '' when only the root (or none) does. */
function projectFolder(repo: RepoView, file: string): string {
  const folders = new Set<string>();
  for (const f of repo.files) {
    const slash = f.path.lastIndexOf('/');
    if (PROJECT_FILE.test(f.path.slice(slash + 1))) folders.add(slash < 0 ? '' : f.path.slice(0, slash));
  }
  const parts = file.split('/').slice(0, -1);
  for (let i = parts.length; i > 0; i--) {
    const dir = parts.slice(0, i).join('/');
    if (folders.has(dir)) return dir;
  }
  return '';
}
