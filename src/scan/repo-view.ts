import { readFileText } from './file-text.js';
import { readGitFacts } from './git-facts.js';
import { createGitignoreMatcher, type GitignoreMatcher } from './gitignore.js';
import { evidenceText } from './mask.js';
import { type WalkedFile, walkRepo } from './repo-walk.js';
import { findSecretsInFiles } from './secrets.js';
import type { Reader, RepoView, ScanFileNote, SecretFinding } from './types.js';

/** The engine's side of a RepoView: what the report needs after the checks ran. */
export interface ScanRepoView extends RepoView {
  ignoredBy(path: string): { file: string; line: number } | undefined;
  secrets(path: string): Promise<readonly SecretFinding[]>;
  /** The same view with another app root (found after the walk). */
  withAppRoot(appRoot: string): ScanRepoView;
  counts(): { scanned: number; skipped: number };
  notes(): ScanFileNote[];
}

const NONE = Symbol('none');

/**
 * Walks `dir` once, asks git once, then reads and parses files only when a check asks, caching both.
 * Nothing here throws for a file: every trouble becomes a per-file note.
 */
export async function createRepoView(dir: string, appRoot = ''): Promise<ScanRepoView> {
  const [walk, git] = await Promise.all([Promise.resolve().then(() => walkRepo(dir)), readGitFacts(dir)]);
  const byPath = new Map<string, WalkedFile>(walk.files.map((f) => [f.path, f]));
  const notes: ScanFileNote[] = [...walk.notes];
  if (git.problem) notes.push({ path: '.', note: git.problem });
  const noted = new Set(notes.map((n) => `${n.path}\0${n.note}`));
  let skipped = walk.skipped;
  const texts = new Map<string, string | typeof NONE>();
  const lines = new Map<string, string[]>();
  const parsed = new Map<string, unknown>();
  const secrets = new Map<string, Promise<SecretFinding[]>>();
  const found = new Map<string, SecretFinding[]>();

  const pendingSecrets: { path: string; resolve: (list: SecretFinding[]) => void }[] = [];
  const flushSecrets = () => {
    const batch = pendingSecrets.splice(0);
    const files = batch.flatMap(({ path }) => {
      const text = read(path);
      return text === undefined ? [] : [{ path, text }];
    });
    findSecretsInFiles(files).then(
      (byPath) => {
        for (const { path, resolve } of batch) {
          const list = byPath.get(path) ?? [];
          found.set(path, list);
          resolve(list);
        }
      },
      (e: unknown) => {
        for (const { path, resolve } of batch) {
          note(path, `secretlint: ${e instanceof Error ? e.message : String(e)}`);
          resolve([]);
        }
      },
    );
  };
  const note = (path: string, message: string) => {
    const key = `${path}\0${message}`;
    if (noted.has(key)) return;
    noted.add(key);
    notes.push({ path, note: message });
  };
  const read = (path: string): string | undefined => {
    const cached = texts.get(path);
    if (cached !== undefined) return cached === NONE ? undefined : cached;
    const file = byPath.get(path);
    if (!file) return undefined;
    const r = readFileText(file.abs);
    if ('text' in r) {
      texts.set(path, r.text);
      return r.text;
    }
    texts.set(path, NONE);
    skipped++;
    if (!r.quiet) note(path, r.note);
    return undefined;
  };
  const lineOf = (path: string, line: number): string => {
    let all = lines.get(path);
    if (!all) {
      all = (read(path) ?? '').split(/\r?\n/);
      lines.set(path, all);
    }
    return all[line - 1] ?? '';
  };

  const files = walk.files.map(({ path, size }) => ({ path, size }));
  const gitignore: GitignoreMatcher = createGitignoreMatcher(
    walk.gitignores.flatMap((path) => {
      const text = read(path);
      return text === undefined ? [] : [{ path, text }];
    }),
  );

  const view = (root: string): ScanRepoView => ({
    files,
    appRoot: root,
    git: { tracked: git.tracked, commit: git.commit },
    read,
    parse<T>(path: string, reader: Reader<T>): T | undefined {
      const key = `${reader.name}\0${path}`;
      if (parsed.has(key)) return parsed.get(key) as T | undefined;
      const text = read(path);
      let value: T | undefined;
      if (text !== undefined) {
        try {
          value = reader.parse(text, path);
        } catch (e) {
          note(path, `${reader.name} reader: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      parsed.set(key, value);
      return value;
    },
    isIgnored: (path) => gitignore.isIgnored(path),
    ignoredBy: (path) => gitignore.rule(path),
    evidence(path, line) {
      const ranges = (found.get(path) ?? [])
        .filter((f) => f.line === line)
        .map((f) => [f.from, f.to] as const);
      return { path, line, text: evidenceText(lineOf(path, line), ranges) };
    },
    note,
    secrets(path) {
      let p = secrets.get(path);
      if (!p) {
        p = new Promise<SecretFinding[]>((resolve) => {
          pendingSecrets.push({ path, resolve });
          // Calls made in one turn (a check asking for every file) are linted together: far fewer
          // secretlint calls, each of which costs its rule setup.
          if (pendingSecrets.length === 1) setImmediate(flushSecrets);
        });
        secrets.set(path, p);
      }
      return p;
    },
    withAppRoot: (next) => view(next),
    counts: () => ({ scanned: files.length - (skipped - walk.skipped), skipped }),
    notes: () => [...notes].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
  });
  return view(appRoot);
}
