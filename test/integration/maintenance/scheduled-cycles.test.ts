import { count } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { type DatabaseTarget, openDatabase } from '../../../src/db/client.js';
import { maintenanceCycles } from '../../../src/db/schema.js';
import { createMaintenanceJobs } from '../../../src/jobs/maintenance-jobs.js';
import { createScheduler, type Scheduler } from '../../../src/jobs/scheduler.js';
import { createTestDatabase } from '../../helpers/db.js';
import { jobDeps, silentLogger } from '../../unit/jobs/support.js';

const YAML = `timezone: Europe/Berlin
defaultChannel: C0MAINT
maintenance:
  nudgeAfterDays: 7
  schedules:
    - { id: monthly, cron: "0 9 1 * *" }`;
const DAY = 86_400_000;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  settlers.splice(0);
  schedulers.splice(0);
});

const settlers: (() => Promise<void>)[] = [];
const schedulers: Scheduler[] = [];
const STEP = 15 * 60_000;
/**
 * Moves the shared manual clock `ms` forward a quarter hour at a time, letting every "process" finish what
 * a step started before the next: a run's database work is real I/O on Postgres, so a run arms its next
 * timer only after the clock has moved on, and one jump must not span two runs.
 */
async function advance(clock: { advance(ms: number): Promise<void> }, ms: number) {
  for (let left = ms; left > 0; left -= STEP) {
    await clock.advance(Math.min(STEP, left));
    for (const s of schedulers) await s.settled();
  }
}
/** Waits until every "process" has sent what it queued for Slack. */
const settleAll = async () => {
  await Promise.all(settlers.map((f) => f()));
};

/**
 * One "process": its own connection to the shared file, its own scheduler and outbox dispatcher, the shared
 * clock and Slack.
 */
async function boot(target: DatabaseTarget, t: ReturnType<typeof jobDeps>) {
  const handle = await openDatabase(target);
  const own = jobDeps(handle, YAML, { clock: t.clock, poster: t.poster });
  const deps = own.deps;
  settlers.push(own.settle);
  const scheduler = createScheduler({
    db: handle.db,
    clock: t.clock,
    logger: silentLogger(),
    jobs: createMaintenanceJobs(deps),
    nodeCron: false,
  });
  schedulers.push(scheduler);
  const stop = async () => {
    scheduler.stop();
    await own.stop();
    await handle.close();
  };
  cleanups.push(stop);
  return { scheduler, stop };
}

async function setup(start: number) {
  const h = await createTestDatabase();
  cleanups.push(() => h.cleanup());
  const t = jobDeps(h, YAML, { start });
  return {
    h,
    t,
    cycles: () => t.poster.posts.filter((p) => p.text.startsWith(':calendar: Monthly maintenance')),
  };
}

describe('scheduled maintenance cycles', () => {
  it('posts the checklist on the 1st at 09:00 local with all six items open', async () => {
    const { h, t, cycles } = await setup(Date.UTC(2026, 1, 27));
    await (await boot(h.target, t)).scheduler.start();
    await advance(t.clock, 3 * DAY);
    await settleAll();
    expect(cycles()).toHaveLength(1);
    expect(cycles()[0]?.channel).toBe('C0MAINT');
    expect(JSON.stringify(cycles()[0]?.blocks)).toContain('0/6 done');
    expect(new Date(t.clock.now()).toISOString()).toBe('2026-03-02T00:00:00.000Z');
    const rows = await h.db
      .select({ period_key: maintenanceCycles.periodKey, ts: maintenanceCycles.ts })
      .from(maintenanceCycles)
      .all();
    expect(rows).toEqual([{ period_key: '2026-03-01T09:00[Europe/Berlin]', ts: cycles()[0]?.ts }]);
  });

  it('posts once when two processes start together on the same database file', async () => {
    const { h, t, cycles } = await setup(Date.UTC(2026, 1, 28));
    const a = await boot(h.target, t);
    const b = await boot(h.target, t);
    t.poster.latencyMs = 20;
    await Promise.all([a.scheduler.start(), b.scheduler.start()]);
    // Both fire at 09:00; each process also gets a direct trigger, as node-cron would give it.
    await Promise.all([
      advance(t.clock, 2 * DAY),
      a.scheduler.runJob('schedule:monthly'),
      b.scheduler.runJob('schedule:monthly'),
    ]);
    await Promise.all([a.scheduler.runJob('schedule:monthly'), b.scheduler.runJob('schedule:monthly')]);
    await settleAll();
    expect(cycles()).toHaveLength(1);
  });

  it('posts a missed cycle once at start-up, late, and says so', async () => {
    const { h, t, cycles } = await setup(Date.UTC(2026, 0, 31));
    const first = await boot(h.target, t);
    await first.scheduler.start();
    await advance(t.clock, 2 * DAY); // February's cycle posts on time
    await settleAll();
    await first.stop();
    t.clock.set(Date.UTC(2026, 2, 3, 10)); // offline over March 1st
    t.poster.latencyMs = 20;
    // two overlapping starts (a restart racing a not-yet-dead old process) post it once
    await Promise.all([
      boot(h.target, t).then((p) => p.scheduler.start()),
      boot(h.target, t).then((p) => p.scheduler.start()),
    ]);
    await settleAll();
    expect(cycles()).toHaveLength(2);
    const late = JSON.stringify(cycles()[1]?.blocks);
    expect(late).toContain('late: scheduled for 2026-03-01 09:00 Europe/Berlin, the bot was offline');
    expect(JSON.stringify(cycles()[0]?.blocks)).not.toContain('late:');
  });

  it('marks a catch-up run late even when the restart comes minutes after the scheduled time', async () => {
    const { h, t, cycles } = await setup(Date.UTC(2026, 0, 31));
    const first = await boot(h.target, t);
    await first.scheduler.start();
    await advance(t.clock, 2 * DAY);
    await settleAll();
    await first.stop();
    // Down at 08:59 Berlin on March 1st, back at 09:02: this process never saw 09:00 come.
    t.clock.set(Date.UTC(2026, 2, 1, 8, 2));
    await (await boot(h.target, t)).scheduler.start();
    await settleAll();
    expect(cycles()).toHaveLength(2);
    expect(JSON.stringify(cycles()[1]?.blocks)).toContain(
      'late: scheduled for 2026-03-01 09:00 Europe/Berlin',
    );
  });

  it('does not back-fill on the very first start', async () => {
    const { h, t, cycles } = await setup(Date.UTC(2026, 2, 15));
    await (await boot(h.target, t)).scheduler.start();
    expect(cycles()).toHaveLength(0);
  });

  it('retries a cycle whose Slack post failed, without posting it twice', async () => {
    const { h, t, cycles } = await setup(Date.UTC(2026, 1, 28));
    await (await boot(h.target, t)).scheduler.start();
    t.poster.failNext = 1;
    await advance(t.clock, 2 * DAY);
    await settleAll();
    expect(cycles()).toHaveLength(1);
    expect(await h.db.select({ n: count() }).from(maintenanceCycles).get()).toEqual({ n: 1 });
  });

  it('summarises the previous cycle’s open items, with owners, in the new thread', async () => {
    const { h, t, cycles } = await setup(Date.UTC(2026, 0, 31));
    await (await boot(h.target, t)).scheduler.start();
    await advance(t.clock, 2 * DAY);
    await settleAll();
    const feb = await t.deps.maintenance.latest('monthly');
    if (!feb) throw new Error('no February cycle');
    const [first, second, ...rest] = feb.items.map((i) => i.itemId) as string[];
    await t.deps.maintenance.toggle(feb.cycle.id, 'U0ALICE', { ticked: rest, unticked: [] }, 'block_action');
    await t.deps.maintenance.assignOwner(feb.cycle.id, first as string, 'U0BOB', 'U0ALICE', 'block_action');
    await advance(t.clock, 28 * DAY);
    await settleAll();
    expect(cycles()).toHaveLength(2);
    const summary = t.poster.posts.find((p) => p.threadTs === cycles()[1]?.ts);
    expect(summary?.text).toContain('Overdue from the previous cycle');
    expect(summary?.text).toContain('Review and rotate secrets/API keys — <@U0BOB>');
    expect(summary?.text).toContain('Update dependencies (pip list --outdated) — no owner yet');
    expect(summary?.text).not.toContain('Check database size');
    expect((await t.deps.maintenance.snapshot(feb.cycle.id))?.cycle.closedAt).not.toBeNull();
    void second;
  });

  it('nudges open items once after seven days, mentioning their owners', async () => {
    const { h, t, cycles } = await setup(Date.UTC(2026, 1, 28));
    await (await boot(h.target, t)).scheduler.start();
    await advance(t.clock, 2 * DAY);
    await settleAll();
    const cycle = await t.deps.maintenance.latest('monthly');
    if (!cycle) throw new Error('no cycle');
    const ids = cycle.items.map((i) => i.itemId);
    await t.deps.maintenance.toggle(
      cycle.cycle.id,
      'U0ALICE',
      { ticked: ids.slice(1), unticked: [] },
      'block_action',
    );
    await t.deps.maintenance.assignOwner(
      cycle.cycle.id,
      ids[0] as string,
      'U0BOB',
      'U0ALICE',
      'block_action',
    );
    await advance(t.clock, 5 * DAY);
    await settleAll();
    const replies = () => t.poster.posts.filter((p) => p.threadTs === cycles()[0]?.ts);
    expect(replies()).toHaveLength(0);
    await advance(t.clock, 3 * DAY);
    await settleAll();
    expect(replies()).toHaveLength(1);
    expect(replies()[0]?.text).toContain('<@U0BOB> still open after 7 days');
    expect(replies()[0]?.text).toContain('Review and rotate secrets/API keys');
    await advance(t.clock, 10 * DAY);
    await settleAll();
    expect(replies()).toHaveLength(1);
  });
});
