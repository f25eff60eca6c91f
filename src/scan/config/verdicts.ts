import { result, type ScanEvidence, type ScanVerdict } from '../types.js';

const RANK: Record<ScanVerdict, number> = { unknown: 0, pass: 1, warn: 2, fail: 3 };

/** The verdict several findings give together: fail > warn > pass > unknown. */
export const worst = (verdicts: readonly ScanVerdict[]): ScanVerdict =>
  verdicts.reduce<ScanVerdict>((a, b) => (RANK[b] > RANK[a] ? b : a), 'unknown');

/** One thing a check found in one file: its verdict, a sentence for `why`, and the lines it rests on. */
export interface Finding {
  verdict: ScanVerdict;
  say: string;
  evidence: ScanEvidence[];
}

/** The findings that decide the verdict come first in why and evidence; the rest support them. */
export function summarize(findings: readonly Finding[]): {
  verdict: ScanVerdict;
  why: string;
  evidence: ScanEvidence[];
} {
  const verdict = worst(findings.map((f) => f.verdict));
  const ordered = [...findings].sort((a, b) => RANK[b.verdict] - RANK[a.verdict]);
  return {
    verdict,
    why: ordered.map((f) => f.say).join(' '),
    evidence: ordered.flatMap((f) => f.evidence).slice(0, 20),
  };
}

/** The result findings give together: the summary said for their verdict, and the fix unless they pass. */
export function findingsResult(
  findings: readonly Finding[],
  summary: Record<ScanVerdict, string> | ((verdict: ScanVerdict) => string),
  fix: string,
) {
  const { verdict, why, evidence } = summarize(findings);
  return result(
    verdict,
    typeof summary === 'function' ? summary(verdict) : summary[verdict],
    why,
    verdict === 'pass' ? '' : fix,
    evidence,
  );
}
