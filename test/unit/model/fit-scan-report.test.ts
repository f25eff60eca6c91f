import { describe, expect, it } from 'vitest';
import { ScanReportRequest } from '../../../src/api/scan-schemas.js';
import { fitScanReport } from '../../../src/model/fit-scan-report.js';
import { SCAN_LIMITS } from '../../../src/model/scan-limits.js';
import { scanReport } from '../../helpers/scan-report-fixture.js';

describe('fitScanReport', () => {
  it('makes a report with hundreds of findings acceptable to the API without changing a verdict', () => {
    const r = scanReport();
    r.checks[0]!.evidence = Array.from({ length: 500 }, (_, i) => ({
      path: 'app/x.py',
      line: i + 1,
      text: 's'.repeat(900),
    }));
    r.items[0]!.evidence = r.checks[0]!.evidence;
    r.items[0]!.why = 'w'.repeat(10_000);
    r.notes = Array.from({ length: 1000 }, (_, i) => ({ path: `f${i}`, note: 'too big' }));
    expect(ScanReportRequest.safeParse(r).success).toBe(false);
    const fitted = fitScanReport(r);
    expect(ScanReportRequest.safeParse(fitted).error).toBeUndefined();
    expect(fitted.checks.map((c) => c.verdict)).toEqual(r.checks.map((c) => c.verdict));
    expect(fitted.summary).toEqual(r.summary);
    expect(fitted.checks[0]!.evidence).toHaveLength(20);
    expect(fitted.items[0]!.why.endsWith('…')).toBe(true);
  });

  it('shortens the detail further when the whole report would pass the 1 MiB body limit', () => {
    const r = scanReport();
    const check = r.checks[0]!;
    r.checks = Array.from({ length: 300 }, (_, i) => ({
      ...check,
      id: `c${i}`,
      why: 'w'.repeat(4000),
      evidence: Array.from({ length: 20 }, (_, l) => ({
        path: `app/${'p'.repeat(400)}.py`,
        line: l + 1,
        text: 'é'.repeat(300),
      })),
    }));
    const fitted = fitScanReport(r);
    expect(ScanReportRequest.safeParse(fitted).error).toBeUndefined();
    expect(Buffer.byteLength(JSON.stringify(fitted))).toBeLessThan(SCAN_LIMITS.body);
    expect(fitted.checks).toHaveLength(300);
    expect(fitted.checks.every((c) => c.verdict === 'fail')).toBe(true);
  });

  it('leaves a report within the limits as it is', () => {
    const r = scanReport();
    expect(fitScanReport(r)).toEqual(r);
  });
});
