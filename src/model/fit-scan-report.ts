import { SCAN_LIMITS as L } from './scan-limits.js';
import type { ScanEvidence, ScanReport } from './scan-report.js';

const cut = (s: string, max: number) => ([...s].length > max ? `${[...s].slice(0, max - 1).join('')}…` : s);

function fitWithin(r: ScanReport, perEntry: number, long: number): ScanReport {
  const lines = (ev: readonly ScanEvidence[]) =>
    ev.slice(0, perEntry).map((e) => ({
      path: cut(e.path, L.path),
      line: Math.max(1, e.line),
      text: cut(e.text, L.evidenceText),
    }));
  const texts = <T extends { summary: string; why: string; fix: string }>(x: T): T => ({
    ...x,
    summary: cut(x.summary, L.summary),
    why: cut(x.why, long),
    fix: cut(x.fix, long),
  });
  return {
    ...r,
    root: cut(r.root, L.path),
    appRoot: cut(r.appRoot, L.path),
    items: r.items.slice(0, L.items).map((i) => ({
      ...texts(i),
      text: cut(i.text, L.summary),
      checks: i.checks.slice(0, 50),
      evidence: lines(i.evidence),
    })),
    checks: r.checks.slice(0, L.checks).map((c) => ({ ...texts(c), evidence: lines(c.evidence) })),
    notes: r.notes
      .slice(0, L.notes)
      .map((n) => ({ path: cut(n.path, L.path), note: cut(n.note, L.summary) })),
  };
}

/**
 * The report as the pipeline API accepts it (SCAN_LIMITS): at most 20 evidence lines per entry and long
 * texts cut with "…"; when the whole would still pass the body limit, fewer lines and shorter texts. The
 * verdicts and counts are never changed, only the detail.
 */
export function fitScanReport(r: ScanReport): ScanReport {
  let fitted = fitWithin(r, L.evidencePerEntry, L.long);
  for (const [perEntry, long] of [
    [5, 1000],
    [1, 300],
    [0, 100],
  ] as const) {
    // Characters ≥ bytes / 4 in UTF-8: checking bytes keeps a report of non-ASCII text under the limit too.
    if (Buffer.byteLength(JSON.stringify(fitted)) < L.body * 0.9) break;
    fitted = fitWithin(r, perEntry, long);
  }
  return fitted;
}
