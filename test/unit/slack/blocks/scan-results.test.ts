import { describe, expect, it } from 'vitest';
import { buildChecklist } from '../../../../src/checklist/checklist.js';
import type { ScanRunRow } from '../../../../src/db/repos/scan-run-repo.js';
import type { ScanCheckResult } from '../../../../src/model/scan-report.js';
import { blockKitErrors } from '../../../../src/sandbox/block-kit-limits.js';
import { renderScanResults } from '../../../../src/slack/blocks/scan-results.js';

/** A checklist of n items, each verified by its own scan check `c<i>`. */
const checklist = (n: number) =>
  buildChecklist({
    version: 1,
    name: 'many',
    sections: [
      {
        id: 's',
        title: 'S',
        groups: [
          {
            id: 'g',
            title: 'G',
            items: Array.from({ length: n }, (_, i) => ({
              id: `i${i}`,
              text: `Item ${i} ${'x'.repeat(200)}`,
              verifiedBy: [`scan:c${i}`],
            })),
          },
        ],
      },
    ],
    postDeployment: {
      id: 'p',
      title: 'P',
      groups: [{ id: 'pg', title: 'PG', items: [{ id: 'p1', text: 'p' }] }],
    },
    rollbackPlan: [{ id: 'r1', text: 'r' }],
    maintenance: { id: 'm', title: 'M', items: [{ id: 'm1', text: 'm' }] },
  });

const run = (checks: ScanCheckResult[]): ScanRunRow => ({
  id: 7,
  releaseId: 'r1',
  commit: 'abcdef0123456789',
  appRoot: '',
  submittedBy: 'api:ci',
  via: 'api',
  startedAt: 0,
  receivedAt: 0,
  pass: 0,
  warn: 0,
  fail: checks.length,
  unknown: 0,
  report: {
    root: '.',
    appRoot: '',
    commit: 'abcdef0123456789',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    summary: { pass: 0, warn: 0, fail: checks.length, unknown: 0 },
    items: [],
    checks,
    files: { scanned: 3, skipped: 0 },
    notes: [],
  },
  effects: { ticked: [], failing: checks.map((_, i) => `i${i}`), flagged: [] },
});

const failing = (i: number, lines = 1): ScanCheckResult => ({
  id: `c${i}`,
  verdict: i % 3 === 0 ? 'warn' : 'fail',
  summary: `problem ${i} ${'y'.repeat(400)}`,
  why: 'w'.repeat(3000),
  fix: 'f'.repeat(3000),
  evidence: Array.from({ length: lines }, (_, l) => ({
    path: `app/m${i}.py`,
    line: l + 1,
    text: 't'.repeat(300),
  })),
});

describe('renderScanResults', () => {
  it('stays within Block Kit limits with many long failures, and says how many it left out', () => {
    const msg = renderScanResults(run(Array.from({ length: 60 }, (_, i) => failing(i, 20))), checklist(60));
    expect(blockKitErrors(msg.blocks)).toEqual([]);
    expect(JSON.stringify(msg.blocks)).toContain('…and 40 more');
    expect(JSON.stringify(msg.blocks)).toContain('…and 17 more line(s)');
  });

  it('lists failures before warnings, whatever the checklist order', () => {
    const msg = renderScanResults(run([failing(0), failing(1)]), checklist(2));
    const sections = msg.blocks.filter((b) => b.type === 'section').map((b) => JSON.stringify(b));
    expect(sections[1]).toContain(':x: *Item 1');
    expect(sections[2]).toContain(':warning: *Item 0');
    expect(msg.text).toBe('Repository scan #7 at abcdef0: 1 fail, 1 warn, 0 pass, 0 unknown');
  });
});
