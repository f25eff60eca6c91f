import { type Dirent, readdirSync, realpathSync, type Stats, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { RepoFile, ScanFileNote } from './types.js';

/** Files over this size are skipped and counted: nothing a check reads is this large. */
export const MAX_FILE_BYTES = 1024 * 1024;

/** Folders never read: installed dependencies, virtualenvs, vendored code, caches, VCS data. */
const SKIPPED_DIRS = new Set([
  '.git',
  'node_modules',
  '.venv',
  'venv',
  'vendor',
  'third_party',
  'site-packages',
  '__pycache__',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  '.tox',
  '.hg',
  '.svn',
]);

/** Obviously binary by name; the rest are told by a NUL byte when read. */
const BINARY_EXT =
  /\.(png|jpe?g|gif|ico|webp|bmp|pdf|zip|gz|tgz|bz2|xz|7z|tar|jar|whl|egg|pyc|pyo|so|dylib|dll|exe|bin|woff2?|ttf|otf|eot|mp[34]|mov|avi|sqlite3?|db|p12|pfx|jks|keystore)$/i;

export interface WalkedFile extends RepoFile {
  /** Absolute path to open (the link itself for an in-tree symlink; its target was checked). */
  abs: string;
}

export interface WalkResult {
  files: WalkedFile[];
  gitignores: string[];
  skipped: number;
  notes: ScanFileNote[];
}

const toPosix = (p: string) => (sep === '/' ? p : p.split(sep).join('/'));

/**
 * Lists the readable files under root without recursion (an explicit stack: deep trees cannot overflow)
 * and without following a symlink out of the tree or into a directory (no loops). Content checks
 * (binary, UTF-8) happen when a file is read, so a scan reads only what a check asks for.
 */
export function walkRepo(root: string): WalkResult {
  const realRoot = realpathSync(root);
  const files: WalkedFile[] = [];
  const gitignores: string[] = [];
  const notes: ScanFileNote[] = [];
  let skipped = 0;
  const stack = [''];
  while (stack.length > 0) {
    const rel = stack.pop() as string;
    let entries: Dirent[];
    try {
      entries = readdirSync(join(root, rel), { withFileTypes: true });
    } catch (e) {
      notes.push({ path: rel || '.', note: `folder not read (${(e as NodeJS.ErrnoException).code ?? e})` });
      skipped++;
      continue;
    }
    for (const entry of entries) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      const abs = join(root, path);
      // A linked work tree or submodule has a `.git` file pointing at git's data: not part of the code.
      if (entry.name === '.git') {
        skipped++;
        continue;
      }
      if (entry.isDirectory()) {
        if (SKIPPED_DIRS.has(entry.name)) skipped++;
        else stack.push(path);
        continue;
      }
      if (entry.isSymbolicLink()) {
        const target = inTreeTarget(realRoot, abs);
        if (typeof target === 'string') {
          notes.push({ path, note: target });
          skipped++;
          continue;
        }
        if (target.stats.isDirectory()) {
          // In-tree directory links are the same files under another name; following them invites loops.
          skipped++;
          continue;
        }
        if (!target.stats.isFile()) {
          notes.push({ path, note: 'symlink to something that is not a regular file; not read' });
          skipped++;
          continue;
        }
        addFile(path, target.real, target.stats.size);
        continue;
      }
      if (!entry.isFile()) {
        notes.push({ path, note: 'not a regular file (FIFO, socket or device); not read' });
        skipped++;
        continue;
      }
      let size: number;
      try {
        size = statSync(abs).size;
      } catch (e) {
        notes.push({ path, note: `not read (${(e as NodeJS.ErrnoException).code ?? e})` });
        skipped++;
        continue;
      }
      addFile(path, abs, size);
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  gitignores.sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1));
  return { files, gitignores, skipped, notes };

  function addFile(path: string, abs: string, size: number) {
    if (size > MAX_FILE_BYTES) {
      notes.push({ path, note: `${(size / 1048576).toFixed(1)} MiB, over the 1 MiB limit; skipped` });
      skipped++;
      return;
    }
    if (BINARY_EXT.test(path)) {
      skipped++;
      return;
    }
    const p = toPosix(path);
    if (p === '.gitignore' || p.endsWith('/.gitignore')) gitignores.push(p);
    files.push({ path: p, size, abs });
  }
}

/** The link's target stats when it resolves inside the tree, else the reason it is not read. */
function inTreeTarget(realRoot: string, abs: string): { real: string; stats: Stats } | string {
  let real: string;
  try {
    real = realpathSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ELOOP' ? 'symlink loop; not read' : `broken symlink (${code ?? e}); not read`;
  }
  const r = relative(realRoot, real);
  if (r === '') return 'symlink to the scanned directory itself; not followed';
  if (r === '..' || r.startsWith(`..${sep}`) || isAbsolute(r))
    return 'symlink points outside the scanned directory; not read';
  try {
    return { real, stats: statSync(real) };
  } catch (e) {
    return `not read (${(e as NodeJS.ErrnoException).code ?? e})`;
  }
}
