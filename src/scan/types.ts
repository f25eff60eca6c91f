import type { ScanCheckResult, ScanEvidence, ScanVerdict } from '../model/scan-report.js';

export type {
  ScanCheckResult,
  ScanEvidence,
  ScanFileNote,
  ScanReport,
  ScanVerdict,
} from '../model/scan-report.js';

/** A file the scan may read: path relative to the scanned directory, forward slashes. */
export interface RepoFile {
  path: string;
  size: number;
}

/**
 * Turns a file's text into a parsed, located view. Readers are pure (no disk): the engine reads the file,
 * calls parse once, caches the result per (reader, path), and turns a throw into a per-file note.
 */
export interface Reader<T> {
  readonly name: string;
  parse(text: string, path: string): T;
}

/**
 * What a check sees of the repository. Checks never touch the disk: everything comes through here, so a
 * test can hand a check a fixture tree, and hostile files (too big, binary, outside the tree, invalid UTF-8)
 * are already notes by the time a check asks.
 */
export interface RepoView {
  /** Every readable file of the scan (skipped ones excluded), sorted by path. */
  readonly files: readonly RepoFile[];
  /** The app's folder relative to the scanned directory ('' = the directory itself). */
  readonly appRoot: string;
  /** Git facts when the directory is a work tree: tracked paths (relative to the scanned dir) and HEAD. */
  readonly git: { readonly tracked: ReadonlySet<string> | undefined; readonly commit: string | undefined };
  /** The file's text, or undefined when it is not part of the scan. */
  read(path: string): string | undefined;
  /** The file parsed by `reader` (cached); undefined when unreadable or the reader threw (a note is kept). */
  parse<T>(path: string, reader: Reader<T>): T | undefined;
  /** Whether .gitignore rules (every .gitignore from the root down, git semantics) ignore the path. */
  isIgnored(path: string): boolean;
  /** Evidence for a 1-based line of a file, its text masked for secrets. */
  evidence(path: string, line: number): ScanEvidence;
  /** Record a per-file note (shown with the report; never stops the scan). */
  note(path: string, message: string): void;
  /**
   * secretlint's recommended rules over the file (cached); [] when the file is not part of the scan.
   * Optional so a hand-made view in a test need not provide it; the engine's view always does.
   */
  secrets?(path: string): Promise<readonly SecretFinding[]>;
  /** The .gitignore file and 1-based line of the rule that ignores `path` (optional like `secrets`). */
  ignoredBy?(path: string): { file: string; line: number } | undefined;
}

/** One secret secretlint found: 1-based line, 0-based columns on that line, the rule that found it. */
export interface SecretFinding {
  line: number;
  from: number;
  to: number;
  rule: string;
  message: string;
}

/** One repository check, `scan:<id>` in the checklist. It says "unknown" rather than guess. */
export interface ScanCheck {
  readonly id: string;
  /** What it checks, for the README table and `--only` help. */
  readonly title: string;
  /** May be async (secretlint is); a throw becomes verdict "unknown" with the error as why. */
  run(repo: RepoView): Omit<ScanCheckResult, 'id'> | Promise<Omit<ScanCheckResult, 'id'>>;
}

/** A check that answers at once (all but the secrets scan): callers and tests need no await. */
export interface SyncScanCheck extends ScanCheck {
  run(repo: RepoView): Omit<ScanCheckResult, 'id'>;
}

export const result = (
  verdict: ScanVerdict,
  summary: string,
  why: string,
  fix: string,
  evidence: ScanEvidence[] = [],
): Omit<ScanCheckResult, 'id'> => ({ verdict, summary, why, fix, evidence });
