import type { Checklist } from '../checklist/checklist.js';
import type { ScanCheckResult, ScanItemResult, ScanVerdict } from '../model/scan-report.js';

const RANK: Record<ScanVerdict, number> = { unknown: 0, pass: 1, warn: 2, fail: 3 };

/** The scan checks (`scan:<id>`) an item names in verifiedBy. */
export const scanVerifiers = (verifiedBy: readonly string[] | undefined): string[] =>
  (verifiedBy ?? []).filter((v) => v.startsWith('scan:')).map((v) => v.slice('scan:'.length));

/**
 * One result per pre-deployment item whose verifiedBy names a scan check that ran: fail > warn > pass,
 * unknown when every check said unknown. The deciding checks (those with the item's verdict) give the
 * evidence, summary, why and fix.
 */
export function aggregateItems(checklist: Checklist, results: readonly ScanCheckResult[]): ScanItemResult[] {
  const byId = new Map(results.map((r) => [r.id, r]));
  const items: ScanItemResult[] = [];
  for (const section of checklist.sections)
    for (const group of section.groups)
      for (const item of group.items) {
        const ran = scanVerifiers(item.verifiedBy).flatMap((id) => byId.get(id) ?? []);
        if (ran.length === 0) continue;
        const verdict = ran.reduce<ScanVerdict>(
          (v, r) => (RANK[r.verdict] > RANK[v] ? r.verdict : v),
          'unknown',
        );
        const deciding = ran.filter((r) => r.verdict === verdict);
        const join = (pick: (r: ScanCheckResult) => string) =>
          deciding
            .map(pick)
            .filter((s) => s.trim() !== '')
            .join(deciding.length > 1 ? ' ' : '');
        items.push({
          item: item.id,
          text: item.text,
          verdict,
          checks: ran.map((r) => r.id),
          summary: deciding.map((r) => r.summary).join('; '),
          why: join((r) => r.why),
          fix: join((r) => r.fix),
          evidence: deciding.flatMap((r) => r.evidence),
        });
      }
  return items;
}

export function countVerdicts(items: readonly { verdict: ScanVerdict }[]): Record<ScanVerdict, number> {
  const summary: Record<ScanVerdict, number> = { pass: 0, warn: 0, fail: 0, unknown: 0 };
  for (const i of items) summary[i.verdict]++;
  return summary;
}
