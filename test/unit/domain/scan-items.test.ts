import { describe, expect, it } from 'vitest';
import { scanItemVerdict, scanItemViews } from '../../../src/domain/scan-items.js';
import type { ScanCheckResult } from '../../../src/model/scan-report.js';
import { oneGroupChecklist } from '../../helpers/one-group-checklist.js';

const checklist = oneGroupChecklist([
  {
    id: 'key',
    text: 'SECRET_KEY is strong',
    verifiedBy: ['scan:secret-key', 'scan:hardcoded-secrets'],
  },
]);

const line = { path: 'app/config.py', line: 8, text: 'SECRET_KEY: str = "****"' };
const check = (id: string, verdict: ScanCheckResult['verdict'], evidence = [line]): ScanCheckResult => ({
  id,
  verdict,
  summary: `${id} says ${verdict}`,
  why: '',
  fix: '',
  evidence,
});

describe('a scan as a release item sees it', () => {
  it('names a line two failing checks point at once, under the worst verdict', () => {
    const [view] = scanItemViews(checklist, {
      checks: [check('hardcoded-secrets', 'fail'), check('secret-key', 'fail')],
    });
    expect(view?.verdict).toBe('fail');
    expect(scanItemVerdict(view!, { id: 1, commit: 'abcdef1234' })?.evidence).toBe(
      'app/config.py:8 — secret-key: secret-key says fail; hardcoded-secrets: hardcoded-secrets says fail (scan at abcdef1 (run #1))',
    );
  });

  it('lets a failing check outvote a passing one, and stays unknown when no check decided', () => {
    const failing = scanItemViews(checklist, {
      checks: [check('secret-key', 'pass'), check('hardcoded-secrets', 'fail')],
    });
    expect(failing[0]?.verdict).toBe('fail');
    expect(failing[0]?.checks.map((c) => c.id)).toEqual(['hardcoded-secrets', 'secret-key']);
    const silent = scanItemViews(checklist, { checks: [check('secret-key', 'unknown', [])] });
    expect(silent[0]?.verdict).toBe('unknown');
    expect(scanItemVerdict(silent[0]!, { id: 2, commit: null })).toBeUndefined();
  });
});
