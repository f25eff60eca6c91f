import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/client.js';
import { outbox } from '../../../src/db/schema.js';
import { startFakeSlack } from '../../../src/sandbox/slack-web-api.js';
import { processFixture, until } from '../../helpers/process-fixture.js';
import { BOT_TOKEN, commandBody } from '../../helpers/slack-harness.js';
import { spawnBot } from '../../helpers/spawn-bot.js';

const CHANNELS = ['CAAA', 'CBBB'];
describe('kill -9 with Slack writes still in the outbox', () => {
  const f = processFixture();

  it('delivers every thread message after the restart, none of them twice', { timeout: 60_000 }, async () => {
    const fake = await startFakeSlack({ token: BOT_TOKEN });
    f.fake = fake;
    const first = await spawnBot({ apiUrl: fake.apiUrl });
    f.child = first.child;
    f.dir = first.dir;
    // Two releases (distinct versions: the same service+version+env is one release, found again).
    for (const [i, channel] of CHANNELS.entries())
      await first.post(
        commandBody(`payments-api 2.3.${i}`, { channel, responseUrl: `${fake.url}/response/x` }),
      );
    const posted = () => [...fake.messages.values()].length;
    await until(() => posted() >= 3, 10_000);
    // The next post reaches Slack, but its answer never comes back: its fate is unknown to the bot.
    fake.delayAnswers('chat.postMessage', 30_000);
    const before = posted();
    await until(() => posted() > before, 10_000);
    expect(posted()).toBeGreaterThan(before);
    first.child.kill('SIGKILL');
    await first.exited;

    const left = await openDatabase(first.dbPath);
    const queued = await left.db.select().from(outbox).all();
    await left.close();
    expect(queued.some((r) => r.sendingAt !== null)).toBe(true);
    expect(queued.length).toBeGreaterThan(1);

    fake.delayAnswers('chat.postMessage', 0);
    const second = await spawnBot({ apiUrl: fake.apiUrl, dir: first.dir });
    f.child = second.child;
    await until(() => posted() >= 16, 30_000);
    await new Promise((r) => setTimeout(r, 1_500));
    for (const channel of CHANNELS) {
      const parents = fake.channelMessages(channel).filter((m) => !m.threadTs);
      expect(parents).toHaveLength(1);
      const replies = fake.thread(channel, parents[0]!.ts);
      const titles = replies.map((m) => JSON.stringify(m.blocks[0]));
      expect(replies).toHaveLength(7);
      expect(new Set(titles).size).toBe(7);
    }
    const after = await openDatabase(second.dbPath);
    expect(await after.db.select().from(outbox).all()).toEqual([]);
    await after.close();
  });
});
