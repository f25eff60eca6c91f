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
  const depth = (p: string) => p.split('/').length;
  // Shallowest first, then by path: the first file that creates the app is the answer, so a repository
  // with a thousand example apps parses one.
  const py = repo.files
    .filter((f) => f.path.endsWith('.py') && (!under || f.path.startsWith(`${under}/`)))
    .map((f) => f.path)
    .sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : a > b ? 1 : 0));
  const use = (path: string, word: string) => {
    if (!repo.read(path)?.includes(word)) return undefined;
    const mod = repo.parse(path, pythonReader);
    return mod && fastApiUse(mod);
  };
  let best: { file: string; line: number } | undefined;
  for (const path of py) {
    const u = use(path, 'FastAPI');
    if (u?.creates) {
      best = { file: path, line: u.line };
      break;
    }
  }
  // No file creates it (an app factory elsewhere, a star import): the shallowest file importing fastapi.
  if (!best)
    for (const path of py) {
      const u = use(path, 'fastapi');
      if (u) {
        best = { file: path, line: u.line };
        break;
      }
    }
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
