import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/client.js';
import { itemStates } from '../../../src/db/schema.js';
import { startFakeSlack } from '../../../src/sandbox/slack-web-api.js';
import { processFixture } from '../../helpers/process-fixture.js';
import {
  BOT_TOKEN,
  checkboxPayload,
  clickTargets,
  commandBody,
  releaseThread,
} from '../../helpers/slack-harness.js';
import { spawnBot } from '../../helpers/spawn-bot.js';

describe('kill -9 during a burst of clicks', () => {
  const f = processFixture();

  it('loses nothing that was acknowledged and leaves the database consistent', {
    timeout: 60_000,
  }, async () => {
    const fake = await startFakeSlack({ token: BOT_TOKEN });
    f.fake = fake;
    const bot = await spawnBot({ apiUrl: fake.apiUrl });
    f.child = bot.child;
    f.dir = bot.dir;
    const { post, dbPath } = bot;
    await post(commandBody('payments-api 2.3.1', { responseUrl: `${fake.url}/response/x` }));
    // The thread is paced like Slack's 1 post/s per channel, so it takes a few seconds.
    for (let i = 0; i < 600 && fake.channelMessages('CREL').length < 8; i++)
      await new Promise((r) => setTimeout(r, 50));
    const clicks = clickTargets(fake, 'CREL', releaseThread(fake).parent.ts);
    expect(clicks.length).toBe(81);
    const acked: string[] = [];
    let n = 0;
    const requests = clicks.map(async ({ m, blockId, value }) => {
      const payload = checkboxPayload(m, `U${++n}`, blockId, [value]);
      try {
        const r = await post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
        if (r.status === 200) acked.push(value);
      } catch {
        // connection cut by the kill: not acknowledged
      }
    });
    // Kill the process in the middle of the burst.
    while (acked.length < 20) await new Promise((r) => setImmediate(r));
    bot.child.kill('SIGKILL');
    await Promise.all(requests);
    expect(acked.length).toBeGreaterThanOrEqual(20);
    // The data layer gives no raw SQLite access: check the file's integrity over a connection of its own.
    const file = new Database(dbPath);
    try {
      expect(file.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      file.close();
    }
    const db = await openDatabase(dbPath);
    try {
      const done = new Set(
        (await db.db.select().from(itemStates).all()).filter((r) => r.state === 'done').map((r) => r.itemId),
      );
      expect(acked.filter((v) => !done.has(v))).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
