import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, itemStates, releases, watches } from '../../../src/db/schema.js';
import { createTestDatabase } from '../../helpers/db.js';
import { startMetricsTarget } from '../../helpers/metrics-targets.js';
import {
  APPROVERS,
  CHANNEL,
  configWith,
  createHarness,
  OWNER,
  seedRelease,
  THREAD,
  type WatchHarness,
} from './watch-fixture.js';

const INTERVAL = 30_000;

describe('post-deploy watch over a scraped /metrics endpoint', () => {
  let target: Awaited<ReturnType<typeof startMetricsTarget>>;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let h: WatchHarness;
  let releaseId: string;

  const setup = async (monitor: Record<string, unknown> = {}) => {
    h = createHarness(
      database.db,
      configWith([
        {
          name: 'api',
          baseUrl: target.url,
          monitor: {
            source: { type: 'metrics', url: target.metricsUrl },
            windowMinutes: 30,
            repeatMinutes: 2,
            ...monitor,
          },
        },
      ]),
    );
    releaseId = await seedRelease(database.db, h.clock.now());
  };
  /** Starts the watch and takes the baseline scrape. */
  const start = async () => {
    const id = await h.service.start(releaseId, OWNER);
    await h.step(0);
    return id;
  };
  /** One interval in which the service served `total` requests, `failed` of them 5xx. */
  const interval = async (total: number, failed: number, times = 1) => {
    for (let i = 0; i < times; i++) {
      target.serve(total, failed);
      await h.step(INTERVAL);
    }
  };
  const reminders = () => h.slack.matching(/Consider rolling back/);

  beforeEach(async () => {
    target = await startMetricsTarget();
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await h?.stop();
    await database.cleanup();
    await target.close();
  });

  it('says in the thread that the watch started, with source, threshold and window', async () => {
    await setup();
    await start();
    const [first] = h.slack.posts;
    expect(first?.threadTs).toBe(THREAD);
    expect(first?.text).toMatch(/watch started\* for 30 min/);
    expect(first?.text).toContain('127.0.0.1');
    expect(first?.text).toContain('above 1.0 %');
  });

  it('posts one rollback reminder after two consecutive breaching samples, mentioning owner and approvers', async () => {
    await setup();
    await start();
    await interval(200, 10);
    expect(reminders()).toHaveLength(0);
    await interval(200, 10);
    expect(reminders()).toHaveLength(1);
    const r = reminders()[0]!;
    expect(r.channel).toBe(CHANNEL);
    expect(r.threadTs).toBe(THREAD);
    for (const u of [OWNER, ...APPROVERS]) expect(r.text).toContain(`<@${u}>`);
    expect(r.text).toContain('5.0 % — 10 of 200 requests in the last 30 s');
    const plan = JSON.stringify(r.blocks);
    expect(plan).toContain('Execute rollback (revert to previous image/version)');
    expect(plan).toContain('watch:rolled_back');
  });

  it('does not alert when a sample has fewer requests than minRequests', async () => {
    await setup();
    await start();
    await interval(40, 20, 4);
    expect(reminders()).toHaveLength(0);
  });

  it('does not count a counter reset (service restart) as a spike', async () => {
    await setup();
    await start();
    await interval(500, 0);
    target.reset();
    await interval(300, 1, 3);
    expect(reminders()).toHaveLength(0);
    const w = (await database.db.select().from(watches).get())!;
    expect((w.state as { detector: { requests: number } }).detector.requests).toBe(1400);
  });

  it('repeats an unacknowledged reminder every repeatMinutes while the ratio stays high', async () => {
    await setup();
    await start();
    await interval(200, 20, 2);
    expect(reminders()).toHaveLength(1);
    await interval(200, 20, 3);
    expect(h.slack.matching(/nobody has acted yet/)).toHaveLength(0);
    await interval(200, 20);
    const repeats = h.slack.matching(/nobody has acted yet/);
    expect(repeats).toHaveLength(1);
    expect(repeats[0]?.text).toContain(`<@${OWNER}>`);
  });

  it('acknowledging stops the repeats and shows who acknowledged on the reminder', async () => {
    await setup();
    await start();
    await interval(200, 20, 2);
    const watchId = (await database.db.select().from(watches).get())!.id;
    await h.service.decide(watchId, 'acknowledged', 'UONCALL1', 'block_action');
    await interval(200, 20, 10);
    expect(h.slack.matching(/nobody has acted yet/)).toHaveLength(0);
    const updated = h.slack.lastUpdateOf(reminders()[0]!.ts);
    expect(JSON.stringify(updated?.blocks)).toContain('acknowledged by <@UONCALL1>');
    const audit = await database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'watch.acknowledged'))
      .all();
    expect(audit).toEqual([expect.objectContaining({ actor: 'UONCALL1', via: 'block_action', releaseId })]);
  });

  it('a snooze holds the repeats until it expires, then reminds again', async () => {
    await setup();
    await start();
    await interval(200, 20, 2);
    const watchId = (await database.db.select().from(watches).get())!.id;
    await h.service.decide(watchId, { snoozeMinutes: 15 }, 'UONCALL1', 'block_action');
    await interval(200, 20, 29);
    expect(h.slack.matching(/nobody has acted yet/)).toHaveLength(0);
    await interval(200, 20);
    expect(h.slack.matching(/nobody has acted yet/)).toHaveLength(1);
  });

  it('says so in the thread when the ratio recovers', async () => {
    await setup();
    await start();
    await interval(200, 20, 2);
    await interval(200, 0);
    const recovered = h.slack.matching(/back under the threshold/);
    expect(recovered).toHaveLength(1);
    expect(recovered[0]?.text).toContain('0.0 % — 0 of 200 requests in the last 30 s');
  });

  it('ticks the monitor-verifiable post-deployment items with figures after a quiet window', async () => {
    await setup({ windowMinutes: 2 });
    await start();
    await interval(300, 1, 4);
    const items = await database.db
      .select()
      .from(itemStates)
      .where(eq(itemStates.releaseId, releaseId))
      .all();
    const byId = Object.fromEntries(items.map((i) => [i.itemId, i]));
    expect(byId['post.no-error-spikes']).toMatchObject({ state: 'done', source: 'watch' });
    expect(byId['post.no-error-spikes']?.evidence).toContain('4 of 1200 requests');
    expect(byId['post.health-checks-passing']).toMatchObject({ state: 'done', source: 'watch' });
    expect(byId['post.health-checks-passing']?.evidence).toContain('5 of 5 health checks passed');
    expect(h.slack.matching(/finished quietly/)).toHaveLength(1);
    expect(h.changed).toEqual([releaseId]);
    expect((await database.db.select().from(watches).get())?.status).toBe('completed');
  });

  it('reports an unreachable source once, keeps retrying, and says when it answers again', async () => {
    await setup();
    await start();
    target.setMetricsStatus(503);
    await interval(200, 0, 5);
    expect(h.slack.matching(/Cannot read the error ratio/)).toHaveLength(1);
    expect(h.slack.matching(/Cannot read the error ratio/)[0]?.text).toContain('HTTP 503');
    target.setMetricsStatus(200);
    await interval(200, 0);
    expect(h.slack.matching(/answers again; the watch continues/)).toHaveLength(1);
    expect(target.scrapes).toBe(7);
  });

  it('"Rolled back" marks the release rolled back, records who, and stops sampling', async () => {
    await setup();
    await start();
    await interval(200, 20, 2);
    const watchId = (await database.db.select().from(watches).get())!.id;
    await h.service.decide(watchId, 'rolled_back', 'UONCALL1', 'block_action');
    const scrapes = target.scrapes;
    await interval(200, 20, 10);
    expect(target.scrapes).toBe(scrapes);
    expect((await database.db.select().from(releases).get())?.status).toBe('rolled_back');
    const audit = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'release.rolled_back'), eq(auditLog.actor, 'UONCALL1')))
      .all();
    expect(audit).toHaveLength(1);
    expect(h.slack.matching(/marked the release as rolled back/)).toHaveLength(1);
    expect(h.changed).toContain(releaseId);
  });
});
