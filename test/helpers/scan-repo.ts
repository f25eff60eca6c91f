import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';
import { createRepoView } from '../../src/scan/repo-view.js';
import type { ScanCheck } from '../../src/scan/types.js';

export const MINIMAL_APP = { 'app/main.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n' };

/**
 * A repository built in a tmp folder at test time (fixture `.env`/`.gitignore` files must not meet this
 * repository's own git). `git: true` runs `git init` and commits every file except `untracked` ones.
 */
export function makeRepo(
  files: Record<string, string>,
  opts: { git?: boolean; untracked?: string[]; from?: string } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-check-scan-'));
  chmodSync(dir, 0o755);
  if (opts.from) cpSync(opts.from, dir, { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  if (opts.git) {
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
        cwd: dir,
        stdio: 'pipe',
      });
    git('init', '-q');
    // -f: the fixtures' own .gitignore must not stop a file the test wants tracked.
    const tracked = Object.keys(files).filter((p) => !opts.untracked?.includes(p));
    if (opts.from) git('add', '-A');
    if (tracked.length) git('add', '-f', '--', ...tracked);
    git('commit', '-q', '--allow-empty', '-m', 'fixture');
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A fixture tree under test/fixtures/scan/, for makeRepo's `from`. */
export const fixture = (name: string) => join(import.meta.dirname, '../fixtures/scan', name);

/** makeRepo whose tmp folders are removed after each test (call it at a test file's top level). */
export function tmpRepos() {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanups.splice(0)) c();
  });
  return (...args: Parameters<typeof makeRepo>) => {
    const r = makeRepo(...args);
    cleanups.push(r.cleanup);
    return r;
  };
}

/** The engine's RepoView over a tmp repository built from makeRepo's arguments (see tmpRepos). */
export function tmpRepoViews() {
  const repo = tmpRepos();
  return async (...args: Parameters<typeof makeRepo>) => createRepoView(repo(...args).dir);
}

/** A check run on the engine's RepoView over a tmp repository built from makeRepo's arguments. */
export function checkOnTmpRepo(check: ScanCheck) {
  const view = tmpRepoViews();
  return async (...args: Parameters<typeof makeRepo>) => check.run(await view(...args));
}
