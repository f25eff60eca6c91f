import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Checklist } from '../../../src/checklist/checklist.js';
import {
  buildReleaseRecord,
  type ReleaseRecord,
  renderReleaseJson,
  renderReleaseMarkdown,
} from '../../../src/domain/export.js';
import { isAppError } from '../../../src/errors.js';
import { createTestDatabase } from '../../helpers/db.js';
import { RELEASE_ID, seedRelease } from './seed-release.js';

/** Splits a markdown table row on pipes that are not escaped, as a renderer would. */
const cellsOf = (row: string) =>
  row
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());

describe('release export', () => {
  let h: Awaited<ReturnType<typeof createTestDatabase>>;
  let checklist: Checklist;
  let record: ReleaseRecord;
  let md: string;
  beforeEach(async () => {
    h = await createTestDatabase();
    checklist = (await seedRelease(h.db)).checklist;
    record = await buildReleaseRecord(h.db, checklist, RELEASE_ID);
    md = renderReleaseMarkdown(record, { timeZone: 'UTC' });
  });
  afterEach(() => h.cleanup());

  it('titles the document with the service, version and environment', () => {
    expect(md.split('\n')[0]).toBe('# Release record: payments-api 2.3.1 → production');
    expect(md).toContain('| Deployed | 2026-01-15 09:40:00 by Bob (UBOB) |');
  });

  it('shows who ticked each item and when', () => {
    expect(md).toContain('- ✅ HTTPS redirects HTTP traffic — done by Carol (UCAROL) at 2026-01-15 09:05:00');
    expect(md).toContain('- ⬜ Health checks passing consistently');
  });

  it('shows N/A items with who skipped them and the reason', () => {
    expect(md).toContain(
      '- ➖ Restore process tested and documented — N/A by Bob (UBOB) at 2026-01-15 09:06:00\n' +
        '  - Reason: Stateless service | no database',
    );
  });

  it('shows probe evidence on verified items and every probe result of the run', () => {
    expect(md).toContain(
      'done by Alice (UALICE) via probe at 2026-01-15 09:03:00\n  - Evidence: probe run 7: tls-certificate pass',
    );
    expect(md).toContain(
      '- ❌ No error spikes in monitoring system — failing by watch at 2026-01-15 09:50:00',
    );
    expect(md).toContain('### Run 7 — https://payments.example.com');
    expect(md).toContain('| tls-certificate | pass | valid until 2026-09-01 (229 days) | — | — | 120 |');
  });

  it('lists section sign-offs and release approvals with their times', () => {
    expect(md).toContain('| Security | Carol (UCAROL) | 2026-01-15 09:10:00 |');
    expect(md).toContain('| Post-deployment verification | not signed off | — |');
    expect(md).toContain('| Bob (UBOB) | 2026-01-15 09:20:00 |\n| Carol (UCAROL) | 2026-01-15 09:21:00 |');
  });

  it('states the watch outcome and its events', () => {
    expect(md).toContain('**Outcome:** rolled back after an error-rate spike (`rolled_back`).');
    expect(md).toContain('| 2026-01-15 09:50:00 | reminder | — | {"errorRate":0.032} |');
  });

  it('summarises the required items', () => {
    expect(record.summary).toEqual({ done: 2, na: 1, open: 0, failing: 0, required: 3 });
    expect(md).toContain('| 3 | 2 | 1 | 0 | 0 |');
  });

  it('keeps the audit trail in the order it was written', () => {
    const actions = record.audit.map((a) => a.action);
    expect(actions).toEqual([
      'release.opened',
      'item.done',
      'item.done',
      'item.na',
      'item.failing',
      'section.signed_off',
      'section.signed_off',
      'release.approved',
      'release.approved',
      'release.deployed',
    ]);
    const trail = md.slice(md.indexOf('## Audit trail'));
    const rows = trail.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| #'));
    expect(rows.map((r) => cellsOf(r)[3])).toEqual(actions);
  });

  it('escapes pipes so user text never adds table columns', () => {
    const tables = md.split('\n').filter((l) => l.startsWith('|') && !l.startsWith('|---'));
    const probeRow = tables.find((l) => l.includes('https-redirect'))!;
    expect(probeRow).toContain('redirects with 302 \\| expected 301');
    expect(cellsOf(probeRow)).toHaveLength(6);
    const naAudit = tables.find((l) => l.includes('item.na'))!;
    expect(cellsOf(naAudit)).toHaveLength(7);
  });

  it('renders times in the configured time zone', () => {
    const berlin = renderReleaseMarkdown(record, { timeZone: 'Europe/Berlin' });
    expect(berlin).toContain('done by Carol (UCAROL) at 2026-01-15 10:05:00');
    expect(berlin).toContain('| Times | shown in Europe/Berlin |');
  });

  it('exports JSON that parses back to the same record', () => {
    const json = renderReleaseJson(record);
    expect(JSON.parse(json)).toEqual(record);
    expect(JSON.parse(json).probeRuns[0].results.map((r: { probeId: string }) => r.probeId)).toEqual([
      'https-redirect',
      'tls-certificate',
    ]);
  });

  it('refuses an unknown release with NOT_FOUND', async () => {
    let error: unknown;
    try {
      await buildReleaseRecord(h.db, checklist, 'rnope');
    } catch (e) {
      error = e;
    }
    expect(isAppError(error, 'NOT_FOUND')).toBe(true);
    expect((error as Error).message).toContain('rnope');
  });
});
