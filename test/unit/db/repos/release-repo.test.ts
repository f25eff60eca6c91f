import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createReleaseRecordRepo } from '../../../../src/db/repos/release-record-repo.js';
import { createReleaseRepo } from '../../../../src/db/repos/release-repo.js';
import { createTestDatabase, type TestDatabase } from '../../../helpers/db.js';
import { openRelease } from './rows.js';

describe('release repo', () => {
  let t: TestDatabase;
  let repo: ReturnType<typeof createReleaseRepo>;
  beforeEach(async () => {
    t = await createTestDatabase();
    repo = createReleaseRepo(t.db);
  });
  afterEach(() => t.cleanup());

  it('reads a release with everything a render needs in one snapshot', async () => {
    await repo.insert(
      {
        id: 'r1',
        service: 'api',
        version: '1.2.3',
        env: 'production',
        channelId: 'C1',
        createdBy: 'U1',
        checklistHash: 'h',
        createdAt: 1000,
      },
      'api',
      { by: 'ci-token', url: 'https://ci/run/1' },
    );
    await repo.rememberName('U1', 'ana', 1);
    await repo.rememberName('U2', 'bo', 1);
    await repo.rememberName('U9', 'not involved', 1);
    await repo.addSignoff({ releaseId: 'r1', sectionId: 'sec', userId: 'U2', at: 1100 });
    expect(await repo.addApproval({ releaseId: 'r1', userId: 'U2', at: 1200 })).toBe(true);
    expect(await repo.addApproval({ releaseId: 'r1', userId: 'U2', at: 1300 })).toBe(false);
    await repo.setThreadTs('r1', '111.1');
    await repo.saveMessage('r1', 'sec', '111.2');
    await repo.saveMessage('r1', 'sec', '111.3');
    const snap = await repo.snapshot('r1');
    expect(snap?.release).toMatchObject({ id: 'r1', status: 'open', threadTs: '111.1', updatedAt: 1000 });
    expect(snap?.signoffs.get('sec')).toMatchObject({ userId: 'U2' });
    expect(snap?.approvals).toEqual([{ releaseId: 'r1', userId: 'U2', at: 1200 }]);
    expect(snap?.messages).toEqual(new Map([['sec', '111.3']]));
    expect(snap?.names).toEqual(
      new Map([
        ['U1', 'ana'],
        ['U2', 'bo'],
      ]),
    );
    expect(snap?.opened).toEqual({ by: 'ci-token', url: 'https://ci/run/1' });
    expect(await repo.snapshot('none')).toBeUndefined();
    expect(await repo.hasSignoff('r1', 'sec')).toBe(true);
    await repo.removeSignoff('r1', 'sec');
    expect(await repo.hasSignoff('r1', 'sec')).toBe(false);
  });

  it('finds releases by status, thread and service+version+env, and counts them per status', async () => {
    await openRelease(t.db, 'a', { createdAt: 1 });
    await openRelease(t.db, 'b', { createdAt: 2, version: '2.0.0' });
    await openRelease(t.db, 'c', { createdAt: 3, service: 'web' });
    await repo.writeStatus('b', 'approved', 10);
    await repo.writeStatus('c', 'deployed', 11, { deployedAt: 11, deployedBy: 'U3' });
    await repo.setThreadTs('a', '1.1');
    expect(await repo.countByStatus()).toEqual({ open: 1, approved: 1, deployed: 1 });
    expect((await repo.listByStatus(['open', 'approved'])).map((r) => r.id)).toEqual(['b', 'a']);
    expect((await repo.listByStatus(['deployed'], 'web')).map((r) => r.id)).toEqual(['c']);
    expect((await repo.findActive({ service: 'api', version: '2.0.0', env: 'production' }))?.id).toBe('b');
    expect(await repo.findActive({ service: 'web', version: '1.0.0', env: 'production' })).toBeUndefined();
    expect((await repo.byThread('C1', '1.1'))?.id).toBe('a');
    expect(await repo.get('c')).toMatchObject({ status: 'deployed', deployedBy: 'U3', updatedAt: 11 });
  });

  it('reads every row about a release for the export', async () => {
    await openRelease(t.db, 'r1');
    await repo.rememberName('U1', 'ana', 1);
    await repo.addApproval({ releaseId: 'r1', userId: 'U1', at: 5 });
    const records = createReleaseRecordRepo(t.db);
    const rec = await records.read('r1');
    expect(rec).toMatchObject({
      release: { id: 'r1' },
      approvals: [{ userId: 'U1', at: 5 }],
      runs: [],
      results: [],
      watches: [],
      events: [],
      samples: [],
      audit: [{ action: 'release.opened', actor: 'U1' }],
    });
    expect(await records.read('none')).toBeUndefined();
    expect(await records.names(['U1', 'U2'])).toEqual([{ id: 'U1', name: 'ana', updatedAt: 1 }]);
    expect(await records.names([])).toEqual([]);
  });
});
