import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { itemStates } from '../../../src/db/schema.js';
import { createTestDatabase } from '../../helpers/db.js';
import { startMetricsTarget } from '../../helpers/metrics-targets.js';
import { configWith, createHarness, OWNER, seedRelease, type WatchHarness } from './watch-fixture.js';

describe('a service without a monitor source gets a health-only watch', () => {
  let target: Awaited<ReturnType<typeof startMetricsTarget>>;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let h: WatchHarness;
  let releaseId: string;

  beforeEach(async () => {
    target = await startMetricsTarget();
    database = await createTestDatabase();
    h = createHarness(database.db, configWith([{ name: 'api', baseUrl: target.url }]));
    releaseId = await seedRelease(database.db, h.clock.now());
    await h.service.start(releaseId, OWNER);
  });
  afterEach(async () => {
    await h.stop();
    await database.cleanup();
    await target.close();
  });

  const items = async () =>
    Object.fromEntries(
      (await database.db.select().from(itemStates).where(eq(itemStates.releaseId, releaseId)).all()).map(
        (i) => [i.itemId, i],
      ),
    );

  it('says only health is watched, and after the window verifies health but not the error ratio', async () => {
    await h.settle();
    expect(h.slack.posts[0]?.text).toContain('no `monitor` source configured');
    await h.step(30_000, 61);
    expect((await items())['post.health-checks-passing']).toMatchObject({ state: 'done', source: 'watch' });
    expect((await items())['post.no-error-spikes']).toBeUndefined();
    expect(target.scrapes).toBe(0);
  });

  it('marks the health item failing, with the count, when /health failed during the window', async () => {
    await h.step(30_000, 10);
    target.setHealth(503);
    await h.step(30_000, 3);
    target.setHealth(200);
    await h.step(30_000, 48);
    expect((await items())['post.health-checks-passing']).toMatchObject({
      state: 'failing',
      source: 'watch',
    });
    expect((await items())['post.health-checks-passing']?.evidence).toContain('3 of 61 health checks failed');
    expect(h.slack.matching(/Health: 58 of 61 checks passed/)).toHaveLength(1);
  });
});
