import { and, eq, ne } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../../src/db/schema.js';
import { isAppError } from '../../../src/errors.js';
import { runMaintenanceNow } from '../../../src/jobs/run-maintenance-now.js';
import { createTestDatabase } from '../../helpers/db.js';
import { jobDeps } from '../jobs/support.js';

const dbs: Awaited<ReturnType<typeof createTestDatabase>>[] = [];
afterEach(async () => {
  for (const d of dbs.splice(0)) await d.cleanup();
});

async function setup(yaml = 'defaultChannel: C0MAINT\nadmins: [U0ADMIN, S0OPS]') {
  const h = await createTestDatabase();
  dbs.push(h);
  const t = jobDeps(h, yaml);
  const snap = await t.deps.maintenance.openCycle({
    scheduleId: 'monthly',
    periodKey: 'p1',
    channelId: 'C0MAINT',
    late: false,
  });
  const [a, b] = snap.items.map((i) => i.itemId) as [string, string];
  const item = async (id: string) =>
    (await t.deps.maintenance.snapshot(snap.cycle.id))?.items.find((i) => i.itemId === id);
  return { h, t, cycleId: snap.cycle.id, a, b, item };
}

describe('maintenance domain', () => {
  it('keeps the first ticker when someone ticks the same item again', async () => {
    const { t, cycleId, a, item } = await setup();
    await t.deps.maintenance.toggle(cycleId, 'U0ALICE', { ticked: [a], unticked: [] }, 'block_action');
    t.clock.set(t.clock.now() + 60_000);
    const changed = await t.deps.maintenance.toggle(
      cycleId,
      'U0BOB',
      { ticked: [a], unticked: [] },
      'block_action',
    );
    expect(changed).toEqual([]);
    expect(await item(a)).toMatchObject({ state: 'done', by: 'U0ALICE' });
  });

  it('records every change in the audit log with who, what and how', async () => {
    const { h, t, cycleId, a, b } = await setup();
    await t.deps.maintenance.toggle(cycleId, 'U0ALICE', { ticked: [a], unticked: [] }, 'block_action');
    await t.deps.maintenance.assignOwner(cycleId, b, 'U0BOB', 'U0ALICE', 'block_action');
    await t.deps.maintenance.setNotApplicable(cycleId, b, 'U0BOB', 'no backups here', 'view_submission');
    const rows = await h.db
      .select({ actor: auditLog.actor, action: auditLog.action, target: auditLog.target, via: auditLog.via })
      .from(auditLog)
      .where(and(eq(auditLog.cycleId, cycleId), ne(auditLog.action, 'maint.cycle_opened')))
      .orderBy(auditLog.id)
      .all();
    expect(rows).toEqual([
      { actor: 'U0ALICE', action: 'maint.done', target: a, via: 'block_action' },
      { actor: 'U0ALICE', action: 'maint.owner', target: b, via: 'block_action' },
      { actor: 'U0BOB', action: 'maint.na', target: b, via: 'view_submission' },
    ]);
  });

  it('refuses N/A without a reason', async () => {
    const { t, cycleId, a, item } = await setup();
    await expect(
      t.deps.maintenance.setNotApplicable(cycleId, a, 'U0BOB', '  ', 'view_submission'),
    ).rejects.toThrow('A reason is required');
    expect((await item(a))?.state).toBe('open');
  });

  it('refuses run-now for non-admins and says who can', async () => {
    const { t } = await setup();
    const err = await runMaintenanceNow(t.deps, {
      userId: 'U0EVE',
      isAdmin: false,
      via: 'slash_command',
    }).catch((e: unknown) => e);
    await t.settle();
    expect(isAppError(err, 'FORBIDDEN')).toBe(true);
    expect((err as Error).message).toContain('<@U0ADMIN>, <!subteam^S0OPS>');
    expect(t.poster.posts).toHaveLength(0);
  });

  it('lets an admin post a cycle on demand', async () => {
    const { t } = await setup();
    await runMaintenanceNow(t.deps, { userId: 'U0ADMIN', isAdmin: true, via: 'slash_command' });
    await t.settle();
    expect(t.poster.posts).toHaveLength(1);
    expect(t.poster.posts[0]?.text).toContain('Monthly maintenance: 0/6 done');
  });
});
