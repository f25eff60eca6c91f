import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../helpers/db.js';
import { startMetricsTarget } from '../../helpers/metrics-targets.js';
import { configWith, createHarness, OWNER, seedRelease, type WatchHarness } from './watch-fixture.js';

const INTERVAL = 30_000;

/** What the rollback reminder says: each breaching sample's own figures and the issues that fit. */
describe('rollback reminder content', () => {
  let target: Awaited<ReturnType<typeof startMetricsTarget>>;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let h: WatchHarness;

  const watch = async (exactCodes = false) => {
    target = await startMetricsTarget({ exactCodes });
    database = await createTestDatabase();
    h = createHarness(
      database.db,
      configWith([
        {
          name: 'api',
          baseUrl: target.url,
          monitor: { source: { type: 'metrics', url: target.metricsUrl } },
        },
      ]),
    );
    await h.service.start(await seedRelease(database.db, h.clock.now()), OWNER);
    await h.step(0);
  };
  const interval = async (total: number, failed: number, denied = 0) => {
    target.serve(total, failed, denied);
    await h.step(INTERVAL);
  };
  const reminder = () => {
    const [r] = h.slack.matching(/Consider rolling back/);
    return { text: r?.text ?? '', blocks: JSON.stringify(r?.blocks ?? []) };
  };

  afterEach(async () => {
    await h.service.stop();
    await database.cleanup();
    await target.close();
  });

  it("states the last sample's own ratio and counts, and lists every breaching sample's figures", async () => {
    await watch();
    await interval(5000, 0);
    await interval(1000, 120);
    await interval(1201, 358);
    expect(reminder().text).toContain('error ratio 29.8 % — 358 of 1,201 requests in the last 30 s');
    expect(reminder().blocks).toContain('12.0 % — 120 of 1,000 requests in the last 30 s');
    expect(reminder().blocks).toContain('29.8 % — 358 of 1,201 requests in the last 30 s');
  });

  it('shows the connection-pool and slow-query rows for a 5xx spike, without token expiry', async () => {
    await watch();
    await interval(1000, 100);
    await interval(1000, 100);
    const { blocks } = reminder();
    expect(blocks).toContain('Connection pool exhausted');
    expect(blocks).toContain('Slow queries');
    expect(blocks).not.toContain('Token expiry errors');
  });

  it('adds the token-expiry row when the breaching samples also held a burst of 401s', async () => {
    await watch(true);
    await interval(1000, 50, 200);
    await interval(1000, 50, 200);
    const { blocks } = reminder();
    expect(blocks).toContain('Token expiry errors');
    expect(blocks).toContain('ensure refresh token working');
    expect(blocks).toContain('Connection pool exhausted');
  });
});
