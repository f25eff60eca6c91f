import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHomeRepo } from '../../../../src/db/repos/home-repo.js';
import { createReleaseRepo } from '../../../../src/db/repos/release-repo.js';
import { createWatchStore } from '../../../../src/db/repos/watch-repo.js';
import { maintenanceCycles, maintenanceItems } from '../../../../src/db/schema.js';
import { createTestDatabase, type TestDatabase } from '../../../helpers/db.js';
import { openRelease, startWatch } from './rows.js';

describe('home repo', () => {
  let t: TestDatabase;
  let home: ReturnType<typeof createHomeRepo>;
  beforeEach(async () => {
    t = await createTestDatabase();
    home = createHomeRepo(t.db);
  });
  afterEach(() => t.cleanup());

  it('remembers visitors, their groups, notice and last published view', async () => {
    await home.recordOpen('U1', ['ops'], 100);
    await home.recordOpen('U2', [], 50);
    await home.recordOpen('U1', ['ops', 'sec'], 200);
    await home.setNotice('U1', 'Signed off.', 210);
    await home.published('U1', 'abc', 220);
    expect(await home.visitor('U1')).toEqual({
      userId: 'U1',
      openedAt: 200,
      groups: ['ops', 'sec'],
      notice: 'Signed off.',
      noticeAt: 210,
      publishedHash: 'abc',
      publishedAt: 220,
    });
    expect(await home.visitor('nobody')).toBeUndefined();
    expect((await home.visitorsSince(100)).sort()).toEqual(['U1']);
    await home.setNotice('U1', null, 230);
    expect(await home.visitor('U1')).toMatchObject({ notice: null, noticeAt: null });
  });

  it('lists releases in play newest first, and finished ones with their reminder counts', async () => {
    const releases = createReleaseRepo(t.db);
    await openRelease(t.db, 'open1', { createdAt: 1000 });
    await openRelease(t.db, 'open2', { createdAt: 2000 });
    await openRelease(t.db, 'watched', { createdAt: 500 });
    await openRelease(t.db, 'done', { createdAt: 400 });
    await openRelease(t.db, 'gone', { createdAt: 300 });
    await releases.writeStatus('watched', 'deployed', 3000);
    await releases.writeStatus('done', 'deployed', 3100);
    await releases.writeStatus('gone', 'cancelled', 3200);
    const live = await startWatch(t.db, 'watched');
    const ended = await startWatch(t.db, 'done', { status: 'completed' });
    const store = createWatchStore(t.db);
    await store.event(ended, 'reminder', 3000);
    await store.event(ended, 'reminder', 3001);
    await store.event(live, 'reminder', 3002);
    expect((await home.active()).map((r) => r.id)).toEqual(['open2', 'open1', 'watched']);
    expect(await home.liveWatches()).toEqual(new Map([['watched', 'active']]));
    const finished = await home.finished(5);
    expect(finished.map((f) => [f.release.id, f.reminders])).toEqual([
      ['gone', 0],
      ['done', 2],
    ]);
    expect((await home.finished(1)).map((f) => f.release.id)).toEqual(['gone']);
  });

  it("finds a person's open maintenance items in unclosed cycles, and who last changed a release", async () => {
    const [c1] = await t.db
      .insert(maintenanceCycles)
      .values({ scheduleId: 's', periodKey: '1', channelId: 'C1', ts: '1.1', postedAt: 1 })
      .returning()
      .all();
    const [c2] = await t.db
      .insert(maintenanceCycles)
      .values({ scheduleId: 's', periodKey: '2', channelId: 'C1', postedAt: 2, closedAt: 3 })
      .returning()
      .all();
    await t.db
      .insert(maintenanceItems)
      .values([
        { cycleId: c1!.id, itemId: 'm1', owner: 'U1' },
        { cycleId: c1!.id, itemId: 'm2', owner: 'U1', state: 'done' },
        { cycleId: c2!.id, itemId: 'm1', owner: 'U1' },
      ])
      .run();
    expect(await home.maintenanceFor('U1')).toEqual([
      { cycleId: c1!.id, channelId: 'C1', ts: '1.1', itemId: 'm1' },
    ]);
    await openRelease(t.db, 'r1', { createdBy: 'U7' });
    expect(await home.lastActor('r1')).toBe('U7');
    expect(await home.lastActor('none')).toBeUndefined();
  });

  it('nudges a person about a release at most once until the last nudge is old enough', async () => {
    await openRelease(t.db, 'r1');
    expect(await home.claimNudge('r1', 'U2', 'approval', 1000, 0)).toBe(true);
    expect(await home.claimNudge('r1', 'U2', 'approval', 1500, 900)).toBe(false);
    expect(await home.claimNudge('r1', 'U2', 'section:sec', 2000, 1000)).toBe(true);
    expect(await home.claimNudge('r1', 'U3', 'approval', 2000, 1999)).toBe(true);
  });

  it("moves its version on an audited change or a watch event, not on a Home's own bookkeeping", async () => {
    const v0 = await home.othersVersion();
    await openRelease(t.db, 'r1');
    const v1 = await home.othersVersion();
    expect(v1).toBeGreaterThan(v0);
    await home.recordOpen('U1', [], 1);
    await home.published('U1', 'abc', 2);
    expect(await home.othersVersion()).toBe(v1);
    const w = await startWatch(t.db, 'r1');
    await createWatchStore(t.db).event(w, 'started', 2000);
    expect(await home.othersVersion()).toBeGreaterThan(v1);
  });
});
