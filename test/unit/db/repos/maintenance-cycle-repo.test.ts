import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../../../src/clock.js';
import { createMaintenanceCycles } from '../../../../src/db/repos/maintenance-cycle-repo.js';
import { createMaintenanceStore } from '../../../../src/db/repos/maintenance-repo.js';
import { createTestDatabase, type TestDatabase } from '../../../helpers/db.js';
import { oneGroupChecklist } from '../../../helpers/one-group-checklist.js';

const checklist = oneGroupChecklist([{ id: 'i1', text: 'x' }]);

describe('maintenance cycles', () => {
  let t: TestDatabase;
  const clock = createManualClock(1_000_000);
  const cyclesOf = (db: TestDatabase['db']) =>
    createMaintenanceCycles(createMaintenanceStore({ db, clock, checklist }));
  beforeEach(async () => {
    t = await createTestDatabase();
  });
  afterEach(() => t.cleanup());

  it('opens a cycle once per schedule and period, with every maintenance item open', async () => {
    const cycles = cyclesOf(t.db);
    const c = { scheduleId: 'weekly', periodKey: '2026-W01', channelId: 'C1', late: false };
    const first = await cycles.openCycle(c);
    const again = await cycles.openCycle(c);
    expect(again.cycle.id).toBe(first.cycle.id);
    expect(first.items.map((i) => [i.itemId, i.state])).toEqual([['m1', 'open']]);
    expect((await cycles.latest('weekly'))?.cycle.id).toBe(first.cycle.id);
    expect(await cycles.latest('other')).toBeUndefined();
    const next = await cycles.openCycle({ ...c, periodKey: '2026-W02' });
    expect((await cycles.latest())?.cycle.id).toBe(next.cycle.id);
    expect((await cycles.unclosedBefore('weekly', next.cycle.id)).map((x) => x.id)).toEqual([first.cycle.id]);
    expect((await cycles.close(first.cycle.id)).map((i) => i.itemId)).toEqual(['m1']);
    expect(await cycles.unclosedBefore('weekly', next.cycle.id)).toEqual([]);
  });

  // On Postgres the claims run on separate pooled connections, as two replicas' would.
  it('nudges each overdue item once, even when several claims run at the same time', async () => {
    const cycles = cyclesOf(t.db);
    const { cycle } = await cycles.openCycle({
      scheduleId: 'w',
      periodKey: '1',
      channelId: 'C1',
      late: false,
    });
    // Not posted yet: nothing to nudge about.
    expect(await cycles.claimNudges(clock.now())).toEqual([]);
    await cycles.setTs(cycle.id, '1.1');
    const claims = await Promise.all([1, 2, 3, 4].map(() => cycles.claimNudges(clock.now())));
    const nudged = claims.flat().flatMap((c) => c.items.map((i) => i.itemId));
    expect(nudged).toEqual(['m1']);
    expect(claims.flat()[0]?.cycle).toMatchObject({ id: cycle.id, ts: '1.1' });
    expect(await cycles.claimNudges(clock.now())).toEqual([]);
  });
});
