import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Reader, RepoView, ScanEvidence, SyncScanCheck } from '../../src/scan/types.js';

/**
 * A RepoView over files in memory, for check tests (the engine's real one reads the disk; for that, see
 * scan-repo.ts). Parses are cached with throws turned into notes; evidence is the line's text (trimmed,
 * unmasked: fixtures hold no real secrets).
 */
export interface MemoryRepo extends RepoView {
  readonly notes: { path: string; note: string }[];
}

export function createMemoryRepo(files: Record<string, string>, appRoot = ''): MemoryRepo {
  const paths = Object.keys(files).sort();
  const cache = new Map<string, unknown>();
  const notes: { path: string; note: string }[] = [];
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
    evidence(path: string, line: number): ScanEvidence {
      const text = (files[path] ?? '').split('\n')[line - 1] ?? '';
      return { path, line, text: text.trim().slice(0, 200) };
    },
    note: (path, note) => {
      notes.push({ path, note });
    },
  };
}

/** Every file under a fixture folder, keyed by its path relative to that folder. */
export function loadFixture(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out[relative(dir, full).split(sep).join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** A fixture folder (test/fixtures/scan/<name>) as an in-memory repository. */
export const fixtureRepo = (name: string): MemoryRepo =>
  createMemoryRepo(loadFixture(join(import.meta.dirname, '..', 'fixtures', 'scan', name)));

const fixtures = new Map<string, MemoryRepo>();
/** The three fixture services, parsed once per test file. */
export const fixture = (name: 'template-like' | 'well-configured' | 'broken') => {
  if (!fixtures.has(name)) fixtures.set(name, fixtureRepo(name));
  return fixtures.get(name)!;
};

/** `path:line` of each evidence, for compact assertions. */
export const where = (evidence: readonly ScanEvidence[]) => evidence.map((e) => `${e.path}:${e.line}`);

/** A check's verdict and evidence as `path:line`, run against a repository. */
export function runCheck(check: SyncScanCheck, repo: RepoView) {
  const r = check.run(repo);
  return { verdict: r.verdict, where: where(r.evidence), summary: r.summary, why: r.why, fix: r.fix };
}
