import { type Checklist, defaultChecklist } from '../checklist/checklist.js';
import type { ScanReport } from '../model/scan-report.js';
import { runScan } from './runner.js';

export interface ScanRepositoryOptions {
  appRoot?: string | undefined;
  only?: readonly string[] | undefined;
  /** The team's checklist; the built-in one by default. */
  checklist?: Checklist;
  now?: () => number;
}

/**
 * Scans a repository folder into a ScanReport: the one entry point for callers outside the scan (the CLI,
 * the release integration). Throws ScanError when it cannot start (no folder, no FastAPI app, bad option).
 */
export function scanRepository(dir: string, opts: ScanRepositoryOptions = {}): Promise<ScanReport> {
  return runScan({
    dir,
    appRoot: opts.appRoot,
    only: opts.only,
    checklist: opts.checklist ?? defaultChecklist(),
    now: opts.now ?? Date.now,
  });
}
