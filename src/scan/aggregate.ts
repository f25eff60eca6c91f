import type { Checklist } from '../checklist/checklist.js';
import type { ScanCheckResult, ScanEvidence, ScanItemResult, ScanVerdict } from '../model/scan-report.js';

const RANK: Record<ScanVerdict, number> = { unknown: 0, pass: 1, warn: 2, fail: 3 };

/** The scan checks (`scan:<id>`) an item names in verifiedBy. */
export const scanVerifiers = (verifiedBy: readonly string[] | undefined): string[] =>
  (verifiedBy ?? []).filter((v) => v.startsWith('scan:')).map((v) => v.slice('scan:'.length));

/** Sorts fail, warn, pass, unknown: the deciding checks first. */
export const severityFirst = (x: { verdict: ScanVerdict }, y: { verdict: ScanVerdict }) =>
  RANK[y.verdict] - RANK[x.verdict];

/** fail > warn > pass over the checks that decided; unknown when none did. */
export const combineVerdicts = (results: readonly { verdict: ScanVerdict }[]): ScanVerdict =>
  results.reduce<ScanVerdict>((v, r) => (RANK[r.verdict] > RANK[v] ? r.verdict : v), 'unknown');

/** The evidence of several checks, each line once (two checks of one item often point at the same line). */
export function uniqueEvidence(results: readonly Pick<ScanCheckResult, 'evidence'>[]): ScanEvidence[] {
  const seen = new Set<string>();
  return results
    .flatMap((r) => r.evidence)
    .filter((e) => {
      const key = `${e.path}:${e.line}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

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
        const verdict = combineVerdicts(ran);
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
          evidence: uniqueEvidence(deciding),
        });
      }
  return items;
}

export function countVerdicts(items: readonly { verdict: ScanVerdict }[]): Record<ScanVerdict, number> {
  const summary: Record<ScanVerdict, number> = { pass: 0, warn: 0, fail: 0, unknown: 0 };
  for (const i of items) summary[i.verdict]++;
  return summary;
}
