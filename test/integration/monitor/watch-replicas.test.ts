import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Clock, createManualClock } from '../../../src/clock.js';
import type { Db } from '../../../src/db/client.js';
import { type DatabaseHandle, openDatabase } from '../../../src/db/client.js';
import { createWatchStore } from '../../../src/db/repos/watch-repo.js';
import { createTestDatabase, testEngine } from '../../helpers/db.js';
import { startMetricsTarget } from '../../helpers/metrics-targets.js';
import { configWith, createHarness, OWNER, seedRelease, type WatchHarness } from './watch-fixture.js';

const INTERVAL = 30_000;

/** A replica's view of the shared clock, whose timers die with it: `kill()` is a crash (nothing released). */
function mortalClock(shared: ReturnType<typeof createManualClock>) {
  let dead = false;
  const timers = new Set<{ cancel(): void }>();
  const clock: Clock = {
    now: () => shared.now(),
    setTimeout(fn, ms) {
      const t = shared.setTimeout(() => {
        timers.delete(t);
        if (!dead) fn();
      }, ms);
      timers.add(t);
      return t;
    },
  };
  return {
    clock,
    kill() {
      dead = true;
      for (const t of timers) t.cancel();
      timers.clear();
    },
  };
}

/**
 * Two replicas of the bot watching one release: two watch services (each with its own outbox dispatcher)
 * on one database and one clock. On Postgres each has its own connection pool, as separate processes would;
 * on SQLite they share the handle (two handles in one process would block each other).
 */
describe('watches with two replicas on one database', () => {
  let target: Awaited<ReturnType<typeof startMetricsTarget>>;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let second: DatabaseHandle | undefined;
  let shared: ReturnType<typeof createManualClock>;
  let mortal: ReturnType<typeof mortalClock>;
  let a: WatchHarness;
  let b: WatchHarness;
  let started: number;
  let aStopped = false;

  /** Advances the shared clock and waits for both replicas' samples and messages. */
  const step = async (ms: number, times = 1) => {
    for (let i = 0; i < times; i++) {
      await shared.advance(ms);
      await a.service.settled();
      await b.service.settled();
      if (!aStopped) await a.settle();
      await b.settle();
    }
  };
  const interval = async (total: number, failed: number, times = 1) => {
    for (let i = 0; i < times; i++) {
      target.serve(total, failed);
      await step(INTERVAL);
    }
  };
  const reminders = () =>
    [...a.slack.posts, ...b.slack.posts].filter((p) => /Consider rolling back/.test(p.text));
  const sampledAt = (h: WatchHarness) => h.samples.map((s) => s.figures?.at);

  beforeEach(async () => {
    target = await startMetricsTarget();
    database = await createTestDatabase();
    const config = configWith([
      {
        name: 'api',
        baseUrl: target.url,
        monitor: { source: { type: 'metrics', url: target.metricsUrl }, repeatMinutes: 5 },
      },
    ]);
    aStopped = false;
    shared = createManualClock();
    mortal = mortalClock(shared);
    let dbB: Db = database.db;
    if (testEngine() === 'postgres') {
      second = await openDatabase(database.target);
      dbB = second.db;
    }
    a = createHarness(database.db, config, mortal.clock as ReturnType<typeof createManualClock>);
    b = createHarness(dbB, config, shared);
    // Both replicas are up before the watch starts: B learns of it only through its discovery pass.
    await a.service.resumeAll();
    await b.service.resumeAll();
    started = shared.now();
    await a.service.start(await seedRelease(database.db, started), OWNER);
    await step(0);
  });
  afterEach(async () => {
    mortal.kill();
    await a.stop();
    await b.stop();
    await second?.close();
    second = undefined;
    await database.cleanup();
    await target.close();
  });

  it('samples each interval once, by one replica, and reminds once', async () => {
    await interval(200, 20, 4);
    // The baseline and four intervals: five samples, five scrapes, all by the replica that started it.
    expect(sampledAt(a)).toEqual([0, 1, 2, 3, 4].map((i) => started + i * INTERVAL));
    expect(b.samples).toHaveLength(0);
    expect(target.scrapes).toBe(5);
    expect(reminders()).toHaveLength(1);
  });

  it('takes over a dead replica’s watch within two intervals, without a lost or doubled reminder', async () => {
    await interval(200, 20);
    const last = started + INTERVAL;
    expect(sampledAt(a).at(-1)).toBe(last);
    mortal.kill(); // A crashes: no more timers, its lease is not released.
    await interval(200, 20, 2);
    const firstOfB = b.samples[0]?.figures?.at;
    expect(firstOfB).toBeDefined();
    // The lease ran out at last + 1.5 intervals; B sampled just after it: one sample late, never two.
    expect(firstOfB! - last).toBeLessThanOrEqual(2 * INTERVAL);
    expect(firstOfB! - last).toBeGreaterThan(INTERVAL);
    // The breach streak carried over (A saw one breaching interval, B the second): one reminder.
    expect(reminders()).toHaveLength(1);
    // B's counters continued from A's stored ones: its first sample measured everything since A's last.
    expect(b.samples[0]?.figures).toMatchObject({ total: 400, errors: 40 });
  });

  it('takes over at once, on schedule, when the holder stops gracefully', async () => {
    await interval(200, 0);
    await a.stop(); // releases its lease
    aStopped = true;
    await interval(200, 0);
    expect(sampledAt(b)).toEqual([started + 2 * INTERVAL]);
    await interval(200, 0);
    expect(sampledAt(b)).toEqual([started + 2 * INTERVAL, started + 3 * INTERVAL]);
    expect(target.scrapes).toBe(4);
  });

  it('applies a step once: a holder whose lease ran out cannot commit over the replica that took over', async () => {
    const store = createWatchStore(database.db);
    const [w] = await store.live();
    const now = shared.now();
    const step = w!.nextSampleAt;
    const set = { state: w!.state, status: w!.status, nextSampleAt: step + INTERVAL, updatedAt: now };
    // A holds the lease (it sampled the baseline); B may not take it before it runs out.
    expect(await store.takeLease(w!.id, 'replica-b', now, now + INTERVAL)).toBe(false);
    const expired = (w!.leaseUntil ?? 0) + 1;
    expect(await store.takeLease(w!.id, 'replica-b', expired, expired + INTERVAL)).toBe(true);
    const leaseUntil = expired + INTERVAL;
    expect(await store.commitStep(w!.id, { owner: w!.leaseOwner!, step }, { ...set, leaseUntil })).toBe(
      false,
    );
    expect(await store.commitStep(w!.id, { owner: 'replica-b', step }, { ...set, leaseUntil })).toBe(true);
    // The same step again (a retry, or a second sample of it) changes nothing.
    expect(await store.commitStep(w!.id, { owner: 'replica-b', step }, { ...set, leaseUntil })).toBe(false);
  });
});
