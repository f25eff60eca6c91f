import { describe, expect, it } from 'vitest';
import { type ReleaseRecord, renderReleaseMarkdown } from '../../../src/domain/export.js';
import { cell, formatTime, table } from '../../../src/domain/export-format.js';

const cellsOf = (row: string) => row.slice(1, -1).split(/(?<!\\)\|/);

const freshRecord = (): ReleaseRecord => ({
  formatVersion: 1,
  release: {
    id: 'r1',
    service: 'svc',
    version: '1.0.0',
    env: 'staging',
    channelId: 'C1',
    threadTs: null,
    createdBy: 'U1',
    status: 'open',
    checklistHash: 'old',
    createdAt: Date.UTC(2026, 5, 1, 12),
    updatedAt: Date.UTC(2026, 5, 1, 12),
    deployedAt: null,
    deployedBy: null,
  },
  checklist: { name: 'Tiny', version: 2, hash: 'new', matchesRelease: false },
  summary: { done: 0, na: 0, open: 1, failing: 0, required: 1 },
  sections: [
    {
      id: 's',
      title: ':lock: Security',
      required: true,
      signoff: null,
      groups: [
        {
          id: 'g',
          title: 'G',
          description: '',
          items: [
            {
              id: 'i',
              text: 'Item one',
              verifiedBy: [],
              state: 'open',
              source: null,
              by: null,
              at: null,
              reason: null,
              evidence: null,
            },
          ],
        },
      ],
    },
  ],
  unknownItems: [
    {
      id: 'old.item',
      text: 'old.item',
      verifiedBy: [],
      state: 'na',
      source: 'user',
      by: 'U2',
      at: Date.UTC(2026, 5, 1, 12, 30),
      reason: 'line one\nline two',
      evidence: null,
    },
  ],
  approvals: [],
  probeRuns: [],
  watches: [],
  audit: [],
  names: {},
});

describe('markdown export rendering', () => {
  it('says plainly when nothing was approved, probed or watched yet', () => {
    const md = renderReleaseMarkdown(freshRecord(), { timeZone: 'UTC' });
    expect(md).toContain('_No approvals recorded._');
    expect(md).toContain('_No probe runs recorded._');
    expect(md).toContain('_No post-deploy watch recorded._');
    expect(md).toContain('| Deployed | not deployed |');
    expect(md).toContain('- ⬜ Item one\n');
  });

  it('flags a checklist that changed since the release was opened and keeps orphaned states', () => {
    const md = renderReleaseMarkdown(freshRecord(), { timeZone: 'UTC' });
    expect(md).toContain('differs from the checklist the release was opened with (old)');
    expect(md).toContain('### Items no longer in the checklist');
    expect(md).toContain('- ➖ old.item — N/A by U2 at 2026-06-01 12:30:00\n  - Reason: line one line two');
  });

  it('keeps table rows intact whatever the cell text contains', () => {
    expect(cell('a | b')).toBe('a \\| b');
    expect(cell('a\\|b')).toBe('a\\\\\\|b');
    expect(cell('one\r\ntwo')).toBe('one two');
    expect(cell(null)).toBe('—');
    const t = table(['A', 'B'], [['x|y', 'ends with \\']]).split('\n');
    expect(t.map((r) => cellsOf(r).length)).toEqual([2, 2, 2]);
  });

  it('formats times in the requested zone, across daylight saving', () => {
    expect(formatTime(Date.UTC(2026, 6, 1, 0, 0, 5), 'America/New_York')).toBe('2026-06-30 20:00:05');
    expect(formatTime(Date.UTC(2026, 0, 1, 0, 0, 5), 'America/New_York')).toBe('2025-12-31 19:00:05');
  });

  it('states a clean watch as completed without a spike', () => {
    const r = freshRecord();
    r.watches.push({
      id: 3,
      releaseId: 'r1',
      service: 'svc',
      status: 'completed',
      startedAt: Date.UTC(2026, 5, 1, 13),
      endsAt: Date.UTC(2026, 5, 1, 13, 30),
      nextSampleAt: Date.UTC(2026, 5, 1, 13, 30),
      settings: {},
      state: {},
      reminderTs: null,
      updatedAt: Date.UTC(2026, 5, 1, 13, 30),
      events: [{ id: 1, kind: 'completed', actor: null, at: Date.UTC(2026, 5, 1, 13, 30), detail: null }],
      samples: [],
    });
    const md = renderReleaseMarkdown(r, { timeZone: 'UTC' });
    expect(md).toContain(
      '**Outcome:** completed: no sustained error spike during the watch window (`completed`).',
    );
    expect(md).toContain('| 2026-06-01 13:30:00 | completed | — | — |');
  });

  it('shows the error-rate chart written beside the document, and its figures in words', () => {
    const r = freshRecord();
    const at = Date.UTC(2026, 5, 1, 13);
    r.watches.push({
      id: 4,
      releaseId: 'r1',
      service: 'svc',
      status: 'completed',
      startedAt: at,
      endsAt: at + 60_000,
      nextSampleAt: at + 60_000,
      settings: { threshold: 0.05, minRequests: 10, intervalMs: 30_000 },
      state: {},
      reminderTs: null,
      updatedAt: at + 60_000,
      events: [],
      samples: [
        { at: at + 30_000, errors: 1, total: 100, ratio: 0.01 },
        { at: at + 60_000, errors: 30, total: 100, ratio: 0.3 },
      ],
    });
    const md = renderReleaseMarkdown(r, {
      timeZone: 'UTC',
      charts: { 4: '/tmp/out/my record-error-rate.png' },
    });
    expect(md).toContain('![Error rate since the deploy](my%20record-error-rate.png)');
    expect(md).toContain('1 sample breached it');
    expect(md).toContain('Peak 30.0 percent (30 of 100 requests)');
    expect(renderReleaseMarkdown(r, { timeZone: 'UTC' })).not.toContain('![');
  });
});
