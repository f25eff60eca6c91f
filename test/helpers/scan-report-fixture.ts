import { readFileSync } from 'node:fs';
import type { ScanReport, ScanVerdict } from '../../src/model/scan-report.js';

/** The hand-built report (shaped exactly like src/model/scan-report.ts) of a FastAPI repo with two failures. */
export const SCAN_REPORT: ScanReport = JSON.parse(readFileSync('test/fixtures/scan-report.json', 'utf8'));

/** The fixture with some checks' verdicts changed (a fixed Dockerfile, a new commit…), items following. */
export function scanReport(
  verdicts: Record<string, ScanVerdict> = {},
  extra: Partial<Pick<ScanReport, 'commit'>> = {},
): ScanReport {
  const r = structuredClone(SCAN_REPORT);
  for (const c of r.checks)
    if (verdicts[c.id]) {
      c.verdict = verdicts[c.id]!;
      if (c.verdict === 'pass') c.fix = '';
    }
  for (const i of r.items) {
    const check = r.checks.find((c) => i.checks.includes(c.id));
    if (check) Object.assign(i, { verdict: check.verdict, fix: check.fix });
  }
  r.summary = { pass: 0, warn: 0, fail: 0, unknown: 0 };
  for (const i of r.items) r.summary[i.verdict]++;
  return { ...r, ...extra };
}
