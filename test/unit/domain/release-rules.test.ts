import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadChecklist } from '../../../src/checklist/checklist.js';
import type { ItemStateRow, ReleaseSnapshot } from '../../../src/db/repos/release-repo.js';
import {
  approvalsSatisfied,
  isSectionComplete,
  missingForApproval,
  releaseProgress,
} from '../../../src/domain/release-rules.js';

const checklist = loadChecklist(resolve('test/fixtures/mini-checklist.yml'));

/** A release as the database would return it, with the given item states, sign-offs and approvers. */
function snapshot(
  o: { items?: Record<string, ItemStateRow['state']>; signoffs?: string[]; approvers?: string[] } = {},
): ReleaseSnapshot {
  const row = (itemId: string, state: ItemStateRow['state']): ItemStateRow => ({
    releaseId: 'r1',
    itemId,
    state,
    source: 'user',
    by: 'UALICE',
    at: 1,
    reason: state === 'na' ? 'not here' : null,
    evidence: null,
  });
  return {
    release: {
      id: 'r1',
      service: 'api',
      version: '1.0.0',
      env: 'production',
      channelId: 'C1',
      threadTs: null,
      createdBy: 'UOWNER',
      status: 'open',
      checklistHash: checklist.hash,
      createdAt: 1,
      updatedAt: 1,
      deployedAt: null,
      deployedBy: null,
    },
    items: new Map(Object.entries(o.items ?? {}).map(([id, s]) => [id, row(id, s)])),
    signoffs: new Map(
      (o.signoffs ?? []).map((s) => [s, { releaseId: 'r1', sectionId: s, userId: 'UALICE', at: 1 }]),
    ),
    approvals: (o.approvers ?? []).map((userId, i) => ({ releaseId: 'r1', userId, at: i })),
    messages: new Map(),
    names: new Map(),
  };
}

const ALL_DONE = {
  'security.tls.valid': 'done',
  'security.tls.redirect': 'na',
  'database.backups.restore': 'done',
} as const;

describe('release rules', () => {
  it('counts a section complete only when every item is done or N/A', () => {
    expect(
      isSectionComplete(checklist, snapshot({ items: { 'security.tls.valid': 'done' } }), 'security'),
    ).toBe(false);
    expect(isSectionComplete(checklist, snapshot({ items: ALL_DONE }), 'security')).toBe(true);
  });

  it('does not count a failing item as complete', () => {
    const snap = snapshot({ items: { ...ALL_DONE, 'security.tls.valid': 'failing' } });
    expect(isSectionComplete(checklist, snap, 'security')).toBe(false);
  });

  it('measures progress over the pre-deployment items only', () => {
    const p = releaseProgress(checklist, snapshot({ items: { ...ALL_DONE, 'post.health': 'done' } }));
    expect(p).toEqual({ done: 2, na: 1, failing: 0, total: 3 });
  });

  it('lists open items, failing checks and missing sign-offs, section by section', () => {
    const missing = missingForApproval(
      checklist,
      snapshot({ items: { 'security.tls.valid': 'failing' }, signoffs: ['database'] }),
    );
    expect(missing).toEqual([
      'Security: 1 failing check(s): Certificate is valid and not self-signed',
      'Security: 1 open item(s): HTTPS redirects HTTP traffic',
      'Security: not signed off',
      'Database: 1 open item(s): Restore process tested and documented',
    ]);
  });

  it('has nothing missing once every item is done or N/A and every section is signed off', () => {
    expect(
      missingForApproval(checklist, snapshot({ items: ALL_DONE, signoffs: ['security', 'database'] })),
    ).toEqual([]);
  });

  it('never lets the creator approve alone, however many approvals are required', () => {
    expect(approvalsSatisfied(snapshot({ approvers: ['UOWNER'] }), 1)).toBe(false);
    expect(approvalsSatisfied(snapshot({ approvers: ['UOWNER', 'UREL'] }), 1)).toBe(true);
  });

  it('needs as many distinct approvers as configured', () => {
    expect(approvalsSatisfied(snapshot({ approvers: ['UREL'] }), 2)).toBe(false);
    expect(approvalsSatisfied(snapshot({ approvers: ['UREL', 'UREL2'] }), 2)).toBe(true);
  });
});
