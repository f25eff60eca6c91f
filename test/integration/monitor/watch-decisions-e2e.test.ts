import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../../src/clock.js';
import { auditLog, itemStates, releases, watches } from '../../../src/db/schema.js';
import { startMetricsTarget } from '../../helpers/metrics-targets.js';
import { type Harness, releaseThread } from '../../helpers/slack-harness.js';
import {
  clickReminder,
  deployThroughSlack,
  reminderIn,
  startWatchingBot,
  threadOf,
} from './deploy-through-slack.js';

const pause = (ms = 150) => new Promise((r) => setTimeout(r, ms));

/** The reminder's decisions and the quiet-window verdict, through the real receiver, SQLite and fake Slack. */
describe('watch decisions and verdicts through Slack', () => {
  let h: Harness;
  let target: Awaited<ReturnType<typeof startMetricsTarget>>;
  let clock: ReturnType<typeof createManualClock>;
  afterEach(async () => {
    await h.close();
    await target.close();
  });

  const deployed = async (monitor?: string) => {
    target = await startMetricsTarget();
    clock = createManualClock(Date.now());
    h = await startWatchingBot(clock, target, monitor);
    return deployThroughSlack(h);
  };
  /** One 30 s interval in which the service served `total` requests, `failed` of them 5xx. */
  const interval = async (total: number, failed: number, times = 1) => {
    for (let i = 0; i < times; i++) {
      target.serve(total, failed);
      await clock.advance(30_000);
      await pause();
      await h.settle();
    }
  };
  const db = () => h.bot.database.db;
  const audit = (action: string) => db().select().from(auditLog).where(eq(auditLog.action, action)).all();
  const exported = async (releaseId: string) => {
    await h.click(releaseThread(h.fake).parent, 'UAUDIT', 'release:export', 'release_actions', releaseId);
    await h.settle();
    return h.fake.files.at(-1)?.content ?? '';
  };

  it('"Rolled back": release and watch rolled back, audited with who, reminder closed, sampling stops, in the export', async () => {
    const releaseId = await deployed();
    await interval(200, 0);
    await interval(200, 30, 2);
    expect(reminderIn(h)).toBeDefined();
    await clickReminder(h, 'UONCALL', 'watch:rolled_back');

    expect((await db().select().from(releases).get())?.status).toBe('rolled_back');
    expect((await db().select().from(watches).get())?.status).toBe('rolled_back');
    expect((await audit('watch.rolled_back')).map((a) => a.actor)).toEqual(['UONCALL']);
    expect((await audit('release.rolled_back')).map((a) => [a.actor, a.target])).toEqual([
      ['UONCALL', releaseId],
    ]);
    const reminder = JSON.stringify(reminderIn(h)?.blocks);
    expect(reminder).toContain(':rewind: rolled back by <@UONCALL>');
    expect(reminder).not.toContain('watch:ack');
    expect(threadOf(h).some((m) => m.text.includes('<@UONCALL> marked the release as rolled back'))).toBe(
      true,
    );
    expect(releaseThread(h.fake).parent.text + JSON.stringify(releaseThread(h.fake).parent.blocks)).toContain(
      'Rolled back',
    );
    const scrapes = target.scrapes;
    await interval(200, 30, 3);
    expect(target.scrapes).toBe(scrapes);

    const md = await exported(releaseId);
    expect(md).toContain('rolled back after an error-rate spike');
    expect(md).toMatch(/\| rolled_back \| .*UONCALL/);
    expect(md).toContain('release.rolled_back');
  });

  it('"False alarm": watch keeps going without re-reminding, audited, reminder closed, counted as quiet at the end, in the export', async () => {
    const releaseId = await deployed(
      'intervalSeconds: 30, consecutive: 2, minRequests: 50, windowMinutes: 3',
    );
    await interval(200, 0);
    await interval(200, 30, 2);
    await clickReminder(h, 'UONCALL', 'watch:false_alarm');

    expect((await db().select().from(watches).get())?.status).toBe('active');
    expect((await db().select().from(releases).get())?.status).toBe('deployed');
    expect((await audit('watch.false_alarm')).map((a) => a.actor)).toEqual(['UONCALL']);
    const reminder = JSON.stringify(reminderIn(h)?.blocks);
    expect(reminder).toContain('marked as a false alarm by <@UONCALL>');
    expect(reminder).not.toContain('watch:ack');
    // The same errors continuing are what the person judged harmless: no new reminder.
    await interval(200, 30, 2);
    expect(threadOf(h).filter((m) => m.text.includes('Consider rolling back'))).toHaveLength(1);
    await interval(200, 0, 2);
    expect((await db().select().from(watches).get())?.status).toBe('completed');
    expect(threadOf(h).some((m) => m.text.includes('Post-deploy watch finished quietly'))).toBe(true);

    const md = await exported(releaseId);
    expect(md).toMatch(/\| false_alarm \| .*UONCALL/);
    expect(md).toContain('watch.false_alarm');
  });

  it('ticks "Health checks passing" and "No error spikes" as verified by the watch at the end of a quiet window', async () => {
    const releaseId = await deployed(
      'intervalSeconds: 30, consecutive: 2, minRequests: 50, windowMinutes: 2',
    );
    // The first sample is the baseline; the window ends with the fifth.
    await interval(300, 1, 5);
    expect((await db().select().from(watches).get())?.status).toBe('completed');

    const items = Object.fromEntries(
      (
        await db()
          .select()
          .from(itemStates)
          .where(and(eq(itemStates.releaseId, releaseId), eq(itemStates.source, 'watch')))
          .all()
      ).map((i) => [i.itemId, i]),
    );
    expect(items['post.health']).toMatchObject({ state: 'done', by: 'watch' });
    expect(items['post.errors']).toMatchObject({ state: 'done', by: 'watch' });
    expect(items['post.errors']?.evidence).toMatch(/no spike; 0\.33% errors \(\d of \d+ requests\)/);
    const post = JSON.stringify(releaseThread(h.fake).section('Post-deployment').blocks);
    expect(post).toContain('verified by watch');
    expect(threadOf(h).some((m) => m.text.includes('Post-deploy watch finished quietly'))).toBe(true);
    expect(threadOf(h).some((m) => m.text.includes('Verified by the watch: Health checks passing'))).toBe(
      true,
    );
  });
});
