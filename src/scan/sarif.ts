import type { ScanReport, ScanVerdict } from '../model/scan-report.js';
import type { ScanCheck } from './types.js';

const LEVEL: Partial<Record<ScanVerdict, 'error' | 'warning'>> = { fail: 'error', warn: 'warning' };

/**
 * The report as SARIF 2.1.0 for GitHub code scanning (and anything else reading SARIF): one rule per
 * check, one result per evidence line of a failing (error) or warning check. A failure with no line to
 * point at (e.g. "no alerting rules") has nothing to annotate and stays in the text and JSON reports.
 */
export function toSarif(
  report: ScanReport,
  checks: readonly Pick<ScanCheck, 'id' | 'title'>[],
  version: string,
) {
  const ruleIndex = new Map(checks.map((c, i) => [c.id, i]));
  const rules = checks.map((c) => ({
    id: c.id,
    name: c.id.replace(/(^|-)([a-z])/g, (_, _d: string, ch: string) => ch.toUpperCase()),
    shortDescription: { text: c.title },
    properties: { items: itemsOf(report, c.id) },
  }));
  const results = report.checks.flatMap((r) => {
    const level = LEVEL[r.verdict];
    const index = ruleIndex.get(r.id);
    if (!level || index === undefined) return [];
    return r.evidence.map((e) => ({
      ruleId: r.id,
      ruleIndex: index,
      level,
      message: { text: [r.summary, r.why, r.fix && `Fix: ${r.fix}`].filter(Boolean).join(' — ') },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: encodeURI(e.path), uriBaseId: '%SRCROOT%' },
            region: { startLine: Math.max(1, e.line) },
          },
        },
      ],
      partialFingerprints: { 'deployCheck/v1': `${r.id}:${e.path}:${e.text}` },
    }));
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0' as const,
    runs: [
      {
        tool: { driver: { name: 'deploy-check', semanticVersion: version, rules } },
        results,
        properties: { commit: report.commit ?? null, appRoot: report.appRoot, summary: report.summary },
      },
    ],
  };
}

const itemsOf = (report: ScanReport, checkId: string) =>
  report.items.filter((i) => i.checks.includes(checkId)).map((i) => i.item);
