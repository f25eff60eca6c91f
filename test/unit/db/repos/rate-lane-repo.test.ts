import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../../../src/db/client.js';
import { createRateLaneRepo, type RateLaneRepo } from '../../../../src/db/repos/rate-lane-repo.js';
import { createSharedPacer } from '../../../../src/slack/outbox/shared-pacer.js';
import { createTestDatabase, type TestDatabase, testEngine } from '../../../helpers/db.js';

describe.skipIf(testEngine() !== 'postgres')('rate lanes shared through Postgres', () => {
  let t: TestDatabase;
  let others: DatabaseHandle[];
  let lanes: RateLaneRepo[];
  beforeEach(async () => {
    t = await createTestDatabase();
    others = [await openDatabase(t.target), await openDatabase(t.target)];
    lanes = [t.db, ...others.map((h) => h.db)].map(createRateLaneRepo);
  });
  afterEach(async () => {
    for (const h of others) await h.close();
    await t.cleanup();
  });

  it('give out no more than the burst to takes racing from three pools', async () => {
    // One token a minute: nothing refills during the test.
    const limit = { perMinute: 1, burst: 5 };
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => lanes[i % 3]!.take('post:C1', limit)),
    );
    expect(answers.filter((a) => a.took)).toHaveLength(5);
    const last = await lanes[0]!.take('post:C1', limit);
    expect(last.took).toBe(false);
    expect(last.tokens).toBeLessThan(1);
    // Another lane has its own bucket.
    expect((await lanes[1]!.take('post:C2', limit)).took).toBe(true);
  });

  it('hold every pool to a pause, then let one take through and refill from its end', async () => {
    const limit = { perMinute: 60, burst: 10 };
    const paused = await lanes[0]!.pause('update', 300);
    expect(paused.pausedUntil - paused.now).toBe(300);
    // A shorter pause asked meanwhile does not cut it short.
    expect((await lanes[2]!.pause('update', 50)).pausedUntil).toBe(paused.pausedUntil);
    const pacer = createSharedPacer(lanes[1]!);
    const wait = await pacer.take('update', limit);
    expect(wait).toBeGreaterThan(200);
    expect(wait).toBeLessThanOrEqual(300);
    // The refusal taught the pacer's estimate what the database holds.
    expect(Math.abs(pacer.wait('update', limit) - wait)).toBeLessThan(50);
    await new Promise((r) => setTimeout(r, wait));
    expect(await pacer.take('update', limit)).toBe(0);
    // One token after a pause, not a fresh burst: the next waits for the refill (a second at 60/min).
    expect(await pacer.take('update', limit)).toBeGreaterThan(500);
  });
});
