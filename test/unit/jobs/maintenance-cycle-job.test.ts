import { afterEach, describe, expect, it } from 'vitest';
import { postMaintenanceCycle, postReminder } from '../../../src/jobs/maintenance-cycle-job.js';
import { createTestDatabase } from '../../helpers/db.js';
import { jobDeps } from './support.js';

const dbs: Awaited<ReturnType<typeof createTestDatabase>>[] = [];
afterEach(async () => {
  for (const d of dbs.splice(0)) await d.cleanup();
});

async function setup(yaml: string) {
  const h = await createTestDatabase();
  dbs.push(h);
  return jobDeps(h, yaml);
}

describe('posting a maintenance cycle', () => {
  it('logs which config field to set when no channel is configured, and posts nothing', async () => {
    const t = await setup('maintenance:\n  schedules:\n    - { id: monthly, cron: "0 9 1 * *" }');
    const schedule = t.deps.config.file.maintenance.schedules[0]!;
    expect(await postMaintenanceCycle(t.deps, schedule, { periodKey: 'k' }, { late: false })).toBeUndefined();
    expect(t.poster.posts).toHaveLength(0);
    expect(t.errors.join('\n')).toContain('set maintenance.schedules[0].channel or defaultChannel');
  });

  it('posts to the schedule’s own channel before the default one', async () => {
    const t = await setup(
      'defaultChannel: C0DEF\nmaintenance:\n  schedules:\n    - { id: m, cron: "0 9 1 * *", channel: C0OWN }',
    );
    const schedule = t.deps.config.file.maintenance.schedules[0]!;
    await postMaintenanceCycle(t.deps, schedule, { periodKey: 'k' }, { late: false });
    await t.settle();
    expect(t.poster.posts.map((p) => p.channel)).toEqual(['C0OWN']);
  });

  it('posts a reminder schedule’s text, marked late when it is', async () => {
    const t = await setup(
      'defaultChannel: C0DEF\nmaintenance:\n  schedules:\n    - { id: r, kind: reminder, cron: "0 9 * * 1", text: "Review the error budget" }',
    );
    const schedule = t.deps.config.file.maintenance.schedules[0]!;
    await postReminder(t.deps, schedule, { periodKey: '2026-03-02T09:00[UTC]' }, { late: true });
    await t.settle();
    expect(t.poster.posts[0]?.text).toContain('Review the error budget');
    expect(t.poster.posts[0]?.text).toContain(
      '(late: scheduled for 2026-03-02 09:00 UTC, the bot was offline)',
    );
  });
});
