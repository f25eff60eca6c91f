import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Reader, RepoView, ScanEvidence } from '../../src/scan/types.js';

export interface MemoryRepo extends RepoView {
  readonly notes: { path: string; note: string }[];
}

/**
 * An in-memory RepoView for the container/config checks: files from an object, parse cached with throws
 * turned into notes, evidence as the line's text (trimmed, unmasked: fixtures hold no real secrets).
 */
export function createMemoryRepo(files: Record<string, string>, appRoot = ''): MemoryRepo {
  const paths = Object.keys(files).sort();
  const cache = new Map<string, unknown>();
  const notes: { path: string; note: string }[] = [];
  const repo: MemoryRepo = {
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
        } catch (err) {
          notes.push({ path, note: (err as Error).message });
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
  return repo;
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

export const fixtureRepo = (name: string): MemoryRepo =>
  createMemoryRepo(loadFixture(join(import.meta.dirname, '..', 'fixtures', 'scan', name)));
