import { asc, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { type Db, openDatabase } from '../../../src/db/client.js';
import { jobRuns } from '../../../src/db/schema.js';
import { isAppError } from '../../../src/errors.js';
import { createMaintenanceJobs } from '../../../src/jobs/maintenance-jobs.js';
import { createScheduler, type Scheduler } from '../../../src/jobs/scheduler.js';
import { createTestDatabase } from '../../helpers/db.js';
import { jobDeps, silentLogger } from './support.js';

const dbs: Awaited<ReturnType<typeof createTestDatabase>>[] = [];
const schedulers: Scheduler[] = [];
const outboxes: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  for (const s of schedulers.splice(0)) {
    s.stop();
    await s.settled();
  }
  for (const o of outboxes.splice(0)) await o.stop();
  for (const d of dbs.splice(0)) await d.cleanup();
});

const STEP = 15 * 60_000;
/**
 * Moves the manual clock `ms` forward a quarter hour at a time, letting every scheduler finish what a step
 * started before the next: a run's database work is real I/O on Postgres, so a run arms its next timer only
 * after the clock has moved on, and a step must not span two runs (these schedules are 30 minutes apart or
 * more). A run reads the clock when its timer fires, so it is not reported late.
 */
async function advance(clock: { advance(ms: number): Promise<void> }, ms: number) {
  for (let left = ms; left > 0; left -= STEP) {
    await clock.advance(Math.min(STEP, left));
    for (const s of schedulers) await s.settled();
  }
}

async function build(yaml: string, start: number) {
  const handle = await createTestDatabase();
  dbs.push(handle);
  const t = jobDeps(handle, yaml, { start });
  outboxes.push(t);
  const make = () => {
    const s = createScheduler({
      db: handle.db,
      clock: t.clock,
      logger: silentLogger(),
      jobs: createMaintenanceJobs(t.deps),
      nodeCron: false,
    });
    schedulers.push(s);
    return s;
  };
  return { ...t, make };
}

/** The periods a job claimed in job_runs, in the order they were claimed. */
const periodsOf = async (db: Db, jobId: string) =>
  (
    await db
      .select({ periodKey: jobRuns.periodKey })
      .from(jobRuns)
      .where(eq(jobRuns.jobId, jobId))
      .orderBy(asc(jobRuns.startedAt))
      .all()
  ).map((r) => r.periodKey);

const configError = async (yaml: string) => {
  try {
    (await build(yaml, Date.UTC(2026, 0, 1))).make();
  } catch (e) {
    return isAppError(e, 'CONFIG_INVALID') ? e.message : `unexpected: ${e}`;
  }
  return 'no error';
};

describe('scheduler validation', () => {
  it('names the schedule and field of an out-of-range cron expression', async () => {
    const yaml = `defaultChannel: C0MAINT
maintenance:
  schedules:
    - { id: ok, cron: "0 9 1 * *" }
    - { id: bad, cron: "61 * * * *" }`;
    // Caught when the config file is read, before any scheduler exists.
    expect(await configError(yaml)).toBe(
      'config: maintenance.schedules.1.cron "61 * * * *": minute 61 out of range 0-59',
    );
  });

  it('names the field of an unknown time zone', async () => {
    // The YAML schema already refuses it; the scheduler re-checks for configs built in code.
    const h = await createTestDatabase();
    dbs.push(h);
    const t = jobDeps(h, 'defaultChannel: C0MAINT');
    const jobs = createMaintenanceJobs(t.deps).map((j, i) =>
      i === 0 ? { ...j, timezone: 'Mars/Olympus', timezoneField: 'maintenance.schedules[0].timezone' } : j,
    );
    expect(() =>
      createScheduler({ db: h.db, clock: t.clock, logger: silentLogger(), jobs, nodeCron: false }),
    ).toThrow('maintenance.schedules[0].timezone "Mars/Olympus": not an IANA time zone');
  });

  it('refuses a cron expression that can never fire', async () => {
    const h = await createTestDatabase();
    dbs.push(h);
    const t = jobDeps(h, 'defaultChannel: C0MAINT');
    const jobs = [{ ...createMaintenanceJobs(t.deps)[0]!, cron: '0 0 31 2 *' }];
    expect(() =>
      createScheduler({ db: h.db, clock: t.clock, logger: silentLogger(), jobs, nodeCron: false }),
    ).toThrow('maintenance.schedules[0].cron "0 0 31 2 *": never fires');
  });
});

describe('scheduler runs', () => {
  const daily = (tz: string) => `defaultChannel: C0MAINT
maintenance:
  schedules:
    - { id: nightly, kind: reminder, cron: "30 2 * * *", timezone: ${tz}, text: "Rotate the night shift" }`;

  it.each([
    ['Europe/Berlin', Date.UTC(2026, 2, 27, 12), 'spring forward'],
    ['Europe/Berlin', Date.UTC(2026, 9, 23, 12), 'fall back'],
    ['America/New_York', Date.UTC(2026, 2, 6, 12), 'spring forward'],
    ['America/New_York', Date.UTC(2026, 9, 30, 12), 'fall back'],
  ])('posts a 02:30 %s reminder exactly once a day across %#: %s', async (tz, start) => {
    const t = await build(daily(tz), start);
    await t.make().start();
    await advance(t.clock, 4 * 86_400_000);
    await t.settle();
    expect(t.poster.posts).toHaveLength(4);
    const periods = await periodsOf(dbs[0]!.db, 'schedule:nightly');
    expect(new Set(periods.map((p) => p.slice(0, 10))).size).toBe(4);
    expect(
      t.poster.posts.every((p) => p.text.includes('Rotate the night shift') && !p.text.includes('late')),
    ).toBe(true);
  });

  it('posts a period once when two schedulers share the database', async () => {
    const yaml = 'defaultChannel: C0MAINT\ntimezone: Europe/Berlin';
    const a = await build(yaml, Date.UTC(2026, 1, 28, 12));
    // a second connection to the same database, as a second process (or replica) would have
    const other = await openDatabase(dbs[0]!.target);
    onTestFinished(() => other.close());
    const second = createScheduler({
      db: other.db,
      clock: a.clock,
      logger: silentLogger(),
      jobs: createMaintenanceJobs(a.deps),
      nodeCron: false,
    });
    schedulers.push(second);
    await Promise.all([a.make().start(), second.start()]);
    await advance(a.clock, 2 * 86_400_000);
    await a.settle();
    expect(a.poster.posts.filter((p) => p.text.startsWith(':calendar: Monthly maintenance'))).toHaveLength(1);
  });
});

describe('scheduler with L, W and # schedules', () => {
  it.each([
    ['0 9 L * *', ['2026-01-31', '2026-02-28', '2026-03-31']],
    ['0 9 LW * *', ['2026-01-30', '2026-02-27', '2026-03-31']],
    ['0 9 * * 1#1', ['2026-01-05', '2026-02-02', '2026-03-02']],
  ])('runs %s once on each day it names', async (cron, days) => {
    const t = await build(
      `defaultChannel: C0MAINT
maintenance:
  schedules:
    - { id: edge, kind: reminder, cron: "${cron}", timezone: Europe/Berlin, text: "Close the books" }`,
      // From the day before the first to the day after the last: the simulated clock ticks at least hourly.
      Date.parse(`${days[0]}T00:00Z`) - 86_400_000,
    );
    await t.make().start();
    await advance(
      t.clock,
      Date.parse(`${days[2]}T00:00Z`) - Date.parse(`${days[0]}T00:00Z`) + 2 * 86_400_000,
    );
    await t.settle();
    expect(await periodsOf(dbs[0]!.db, 'schedule:edge')).toEqual(
      days.map((d) => `${d}T09:00[Europe/Berlin]`),
    );
    expect(t.poster.posts.filter((p) => p.text.includes('Close the books'))).toHaveLength(3);
  });
});

describe('scheduler with a wildcard schedule across DST', () => {
  it.each([
    // 00:00 CET to 04:00 CEST: 02:00 and 02:30 do not exist.
    ['spring forward', Date.UTC(2026, 2, 28, 22, 50), ['00:00', '00:30', '01:00', '01:30', '03:00', '03:30']],
    // 00:00 CEST to 03:30 CET: 02:00 and 02:30 happen twice, and run once.
    [
      'fall back',
      Date.UTC(2026, 9, 24, 21, 50),
      ['00:00', '00:30', '01:00', '01:30', '02:00', '02:30', '03:00', '03:30'],
    ],
  ])('runs */30 in Berlin once per wall time on the %s night', async (_, start, times) => {
    const t = await build(
      `defaultChannel: C0MAINT
maintenance:
  schedules:
    - { id: half, kind: reminder, cron: "*/30 * * * *", timezone: Europe/Berlin, text: "Half hour" }`,
      start,
    );
    await t.make().start();
    await advance(t.clock, 5 * 3_600_000);
    await t.settle();
    const periods = await periodsOf(dbs[0]!.db, 'schedule:half');
    expect(periods.map((p) => p.slice(11, 16)).slice(0, times.length)).toEqual(times);
    expect(t.poster.posts.filter((p) => p.text.includes('Half hour'))).toHaveLength(periods.length);
  });
});

describe('scheduler with node-cron', () => {
  it('registers one cron task per job in its time zone and removes them on stop', async () => {
    const { getTasks } = await import('node-cron');
    const before = getTasks().size;
    const t = await build('defaultChannel: C0MAINT\ntimezone: Europe/Berlin', Date.UTC(2026, 1, 1));
    const s = createScheduler({
      db: dbs[0]!.db,
      clock: t.clock,
      logger: silentLogger(),
      jobs: createMaintenanceJobs(t.deps),
    });
    await s.start();
    const mine = [...getTasks().values()].filter((task) =>
      ['schedule:monthly-maintenance', 'maintenance:nudges'].includes(task.name ?? ''),
    );
    expect(mine).toHaveLength(2);
    s.stop();
    await new Promise((r) => setImmediate(r));
    expect(getTasks().size).toBe(before);
  });
});
