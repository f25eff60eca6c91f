/**
 * A repository scan's plain-data result: the CLI's --json shape, what the pipeline API receives, what Slack
 * renders and what storage keeps. It lives below db/ and scan/ (like probe-report.ts) so storage needs no
 * import from the scan engine.
 */
export type ScanVerdict = 'pass' | 'warn' | 'fail' | 'unknown';

/** One line a verdict rests on. `text` is the line as written, secrets masked, trimmed to 200 characters. */
export interface ScanEvidence {
  /** Relative to the scanned directory, forward slashes. */
  path: string;
  /** 1-based. */
  line: number;
  text: string;
}

/** What one check concluded (a check is `scan:<id>` in a checklist item's verifiedBy). */
export interface ScanCheckResult {
  id: string;
  verdict: ScanVerdict;
  /** One line, the headline a person reads first. */
  summary: string;
  /** Why this verdict: what was read, what it means (the reviewer's reasoning). */
  why: string;
  /** How to fix; empty when passing. */
  fix: string;
  evidence: ScanEvidence[];
}

/** One checklist item and the verdict its scan checks give it together (fail > warn > pass; unknown when none decided). */
export interface ScanItemResult {
  item: string;
  text: string;
  verdict: ScanVerdict;
  checks: string[];
  summary: string;
  why: string;
  fix: string;
  evidence: ScanEvidence[];
}

/** A file the scan did not read, or read with trouble (hostile input ends here, never in a crash). */
export interface ScanFileNote {
  path: string;
  note: string;
}

export interface ScanReport {
  /** The directory scanned, as given. */
  root: string;
  /** Where the app was found, relative to root ('' for root itself). */
  appRoot: string;
  /** HEAD of the work tree, when root is in a git work tree. */
  commit?: string | undefined;
  startedAt: string;
  durationMs: number;
  summary: Record<ScanVerdict, number>;
  items: ScanItemResult[];
  checks: ScanCheckResult[];
  files: { scanned: number; skipped: number };
  notes: ScanFileNote[];
}
