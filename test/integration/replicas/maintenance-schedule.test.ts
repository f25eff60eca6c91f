import { describe, expect, it } from 'vitest';
import { duplicatePosts, eventually, note, replicaFixture, sleep } from './replica-fixture.js';

/** Start-up of two replicas plus margin: the scheduled minute must come after both are listening. */
const STARTUP_MARGIN_MS = 15_000;

describe('two replicas with a monthly maintenance schedule', () => {
  const f = replicaFixture();

  it('post the maintenance checklist exactly once when its time comes', { timeout: 120_000 }, async () => {
    const database = await f.database();
    // This month's cycle at the next whole minute far enough ahead, in UTC; node-cron fires it in both.
    const at = new Date(Math.ceil((Date.now() + STARTUP_MARGIN_MS) / 60_000) * 60_000);
    const cron = `${at.getUTCMinutes()} ${at.getUTCHours()} ${at.getUTCDate()} * *`;
    const { fake, logs } = await f.start({
      databaseUrl: database.env.DATABASE_URL!,
      replicas: 2,
      configYaml: `timezone: UTC
defaultChannel: CMAINT
maintenance:
  schedules:
    - { id: monthly, cron: "${cron}" }
`,
    });
    const cycles = () =>
      fake.channelMessages('CMAINT').filter((m) => !m.threadTs && m.text.startsWith(':calendar: Monthly'));
    expect(Date.now(), 'the replicas took too long to start').toBeLessThan(at.getTime());
    expect(cycles()).toHaveLength(0);
    expect(
      await eventually(() => cycles().length > 0, at.getTime() - Date.now() + 15_000),
      `no maintenance post\n${logs()}`,
    ).toBe(true);
    note(`maintenance post ${Date.now() - at.getTime()} ms after "${cron}" fell due`);
    // Both replicas fired (cron and their own timer): a second post would come right behind the first.
    await sleep(5000);
    expect(cycles(), logs()).toHaveLength(1);
    expect(duplicatePosts(fake)).toEqual([]);
  });
});
