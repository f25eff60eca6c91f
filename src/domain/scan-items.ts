import type { Checklist } from '../checklist/checklist.js';
import type { ScanCheckResult, ScanReport, ScanVerdict } from '../model/scan-report.js';
import { combineVerdicts, severityFirst, uniqueEvidence } from '../scan/aggregate.js';
import type { ItemVerdict } from './machine-verdicts.js';

/** One checklist item as this bot's checklist sees a scan: the verdict of its `scan:*` checks together. */
export interface ScanItemView {
  itemId: string;
  text: string;
  verdict: ScanVerdict;
  /** Its checks that the report carries, the deciding ones (fail, then warn) first. */
  checks: ScanCheckResult[];
}

/**
 * The checklist items a scan speaks to, judged through *this bot's* checklist (the items' `verifiedBy:
 * scan:<check>`), as probe results are: a team's own checklist file decides which checks verify what.
 */
export function scanItemViews(checklist: Checklist, report: Pick<ScanReport, 'checks'>): ScanItemView[] {
  const byId = new Map(report.checks.map((c) => [c.id, c]));
  const out: ScanItemView[] = [];
  for (const [itemId, { item }] of checklist.itemById) {
    const ids = (item.verifiedBy ?? []).filter((v) => v.startsWith('scan:')).map((v) => v.slice(5));
    if (!ids.length) continue;
    const checks = ids
      .map((id) => byId.get(id))
      .filter((c) => c !== undefined)
      .sort(severityFirst);
    out.push({ itemId, text: item.text, verdict: combineVerdicts(checks), checks });
  }
  return out;
}

export const shortCommit = (commit: string | null | undefined) => (commit ? commit.slice(0, 7) : undefined);

const where = (checks: readonly ScanCheckResult[]) =>
  uniqueEvidence(checks)
    .slice(0, 2)
    .map((e) => `${e.path}:${e.line}`)
    .join(', ');

/** The evidence an item keeps from a run, shown under it in the thread (75 characters there: most telling first). */
export function scanItemVerdict(
  view: ScanItemView,
  run: { id: number; commit: string | null | undefined },
): ItemVerdict | undefined {
  const at = shortCommit(run.commit);
  const label = at ? `scan at ${at} (run #${run.id})` : `scan run #${run.id}`;
  const decisive = view.checks.filter((c) => c.verdict === view.verdict);
  const lines = where(decisive);
  if (view.verdict === 'fail')
    return {
      verdict: 'fail',
      evidence: `${lines ? `${lines} — ` : ''}${decisive.map((c) => `${c.id}: ${c.summary}`).join('; ')} (${label})`,
    };
  if (view.verdict === 'pass')
    return { verdict: 'pass', evidence: `verified by ${label}${lines ? `: ${lines}` : ''}` };
  if (view.verdict === 'warn') return { verdict: 'warn', evidence: `${label}: warnings only` };
  return undefined;
}
