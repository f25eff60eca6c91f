import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../../src/db/client.js';
import { createTestDatabase } from '../../helpers/db.js';
import { startMetricsTarget } from '../../helpers/metrics-targets.js';
import { configWith, createHarness, OWNER, seedRelease, type WatchHarness } from './watch-fixture.js';

const INTERVAL = 30_000;

describe('a watch survives a restart of the bot', () => {
  let target: Awaited<ReturnType<typeof startMetricsTarget>>;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let second: DatabaseHandle | undefined;
  let config: ReturnType<typeof configWith>;
  let before: WatchHarness;
  let after: WatchHarness | undefined;

  const interval = async (h: WatchHarness, total: number, failed: number, times = 1) => {
    for (let i = 0; i < times; i++) {
      target.serve(total, failed);
      await h.step(INTERVAL);
    }
  };
  /** Stops the first process and starts a second one over the same SQLite file and the same clock. */
  const restart = async (elapsedMs = 0) => {
    await before.stop();
    await database.close();
    await before.clock.advance(elapsedMs);
    second = await openDatabase(database.target);
    after = createHarness(second.db, config, before.clock);
    await after.service.resumeAll();
    await after.step(0);
    return after;
  };
  const reminders = () =>
    [...before.slack.posts, ...(after?.slack.posts ?? [])].filter((p) =>
      /Consider rolling back/.test(p.text),
    );

  beforeEach(async () => {
    target = await startMetricsTarget();
    database = await createTestDatabase();
    config = configWith([
      {
        name: 'api',
        baseUrl: target.url,
        monitor: { source: { type: 'metrics', url: target.metricsUrl }, repeatMinutes: 5 },
      },
    ]);
    before = createHarness(database.db, config);
    const releaseId = await seedRelease(database.db, before.clock.now());
    await before.service.start(releaseId, OWNER);
    await before.step(0);
  });
  afterEach(async () => {
    await before.stop();
    await after?.stop();
    after = undefined;
    await second?.close();
    second = undefined;
    await database.cleanup();
    await target.close();
  });

  it('keeps the breach streak and the previous counters across the restart', async () => {
    await interval(before, 200, 20);
    const h = await restart();
    expect(reminders()).toHaveLength(0);
    await interval(h, 200, 20);
    expect(reminders()).toHaveLength(1);
    // Deltas came from the stored counters: the reminder shows this interval, not the whole history.
    expect(reminders()[0]?.text).toContain('10.0 % — 20 of 200 requests in the last 30 s');
  });

  it('does not repost a reminder already posted, and keeps sampling on the old schedule', async () => {
    await interval(before, 200, 20, 2);
    expect(reminders()).toHaveLength(1);
    const h = await restart();
    await interval(h, 200, 20, 3);
    expect(reminders()).toHaveLength(1);
    expect(target.scrapes).toBe(6);
  });

  it('runs a sample that fell due during the downtime once, not once per missed interval', async () => {
    await interval(before, 200, 0);
    const scrapes = target.scrapes;
    await restart(10 * INTERVAL);
    expect(target.scrapes).toBe(scrapes + 1);
  });

  it('posts on resume a reminder that was decided but never reached Slack', async () => {
    await interval(before, 200, 20);
    before.slack.setFailing(true);
    await interval(before, 200, 20);
    expect(reminders()).toHaveLength(0);
    await restart();
    expect(reminders()).toHaveLength(1);
    await interval(after!, 200, 20);
    expect(reminders()).toHaveLength(1);
  });
});
