import { describe, expect, it } from 'vitest';
import { ScanReportRequest } from '../../../src/api/scan-schemas.js';
import { fitScanReport } from '../../../src/model/fit-scan-report.js';
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

  it('leaves a report within the limits as it is', () => {
    const r = scanReport();
    expect(fitScanReport(r)).toEqual(r);
  });
});
