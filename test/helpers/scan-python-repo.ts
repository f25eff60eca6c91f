import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Reader, RepoView, ScanEvidence, SyncScanCheck } from '../../src/scan/types.js';

/** A RepoView over files in memory, for check tests (the engine's real one reads the disk). */
export interface TestRepo extends RepoView {
  readonly notes: { path: string; note: string }[];
}

export function createScanRepo(files: Record<string, string>, appRoot = ''): TestRepo {
  const paths = Object.keys(files).sort();
  const cache = new Map<string, unknown>();
  const notes: { path: string; note: string }[] = [];
  const lines = (path: string) => (files[path] ?? '').split('\n');
  return {
    files: paths.map((path) => ({ path, size: Buffer.byteLength(files[path] ?? '') })),
    appRoot,
    git: { tracked: undefined, commit: undefined },
    notes,
    read: (path) => files[path],
    parse<T>(path: string, reader: Reader<T>): T | undefined {
      const key = `${reader.name}\0${path}`;
      if (cache.has(key)) return cache.get(key) as T | undefined;
      const text = files[path];
      let parsed: T | undefined;
      if (text !== undefined) {
        try {
          parsed = reader.parse(text, path);
        } catch (error) {
          notes.push({ path, note: (error as Error).message });
        }
      }
      cache.set(key, parsed);
      return parsed;
    },
    isIgnored: () => false,
    evidence: (path, line): ScanEvidence => ({
      path,
      line,
      text: (lines(path)[line - 1] ?? '').trim().slice(0, 200),
    }),
    note: (path, note) => {
      notes.push({ path, note });
    },
  };
}

/** A fixture folder (test/fixtures/scan/<name>) as an in-memory repository. */
export function fixtureRepo(name: string): TestRepo {
  const root = join(import.meta.dirname, '../fixtures/scan', name);
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else files[relative(root, full).split('\\').join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(root);
  return createScanRepo(files);
}

/** `path:line` of each evidence, for compact assertions. */
export const where = (evidence: readonly ScanEvidence[]) => evidence.map((e) => `${e.path}:${e.line}`);

/** A check's verdict and evidence as `path:line`, run against a repository. */
export function runCheck(check: SyncScanCheck, repo: RepoView) {
  const r = check.run(repo);
  return { verdict: r.verdict, where: where(r.evidence), summary: r.summary, why: r.why, fix: r.fix };
}

const fixtures = new Map<string, TestRepo>();
/** The three fixture services, parsed once per test file. */
export const fixture = (name: 'template-like' | 'well-configured' | 'broken') => {
  if (!fixtures.has(name)) fixtures.set(name, fixtureRepo(name));
  return fixtures.get(name)!;
};
