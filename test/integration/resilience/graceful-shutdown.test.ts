import { existsSync, rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/client.js';
import { releases } from '../../../src/db/schema.js';
import { type FakeSlack, startFakeSlack } from '../../../src/sandbox/slack-web-api.js';
import { BOT_TOKEN, commandBody } from '../../helpers/slack-harness.js';
import { spawnBot } from '../../helpers/spawn-bot.js';

describe('SIGTERM', () => {
  let fake: FakeSlack;
  let dir = '';
  afterEach(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finishes in-flight work, closes the database and exits 0', async () => {
    fake = await startFakeSlack({ token: BOT_TOKEN });
    fake.setLatency(150);
    const bot = await spawnBot({ apiUrl: fake.apiUrl });
    dir = bot.dir;
    const res = await bot.post(commandBody('payments-api 2.3.1', { responseUrl: `${fake.url}/response/x` }));
    expect(res.status).toBe(200);
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(bot.output()).toContain('shutting down');
    // Closed cleanly: the WAL was checkpointed and removed, and the release is on disk.
    expect(existsSync(`${bot.dbPath}-wal`)).toBe(false);
    const db = await openDatabase(bot.dbPath);
    expect(await db.db.select().from(releases).all()).toHaveLength(1);
    await db.close();
  });

  it('answers /ready 503 and still acks Slack while in-flight work drains', async () => {
    fake = await startFakeSlack({ token: BOT_TOKEN });
    const bot = await spawnBot({ apiUrl: fake.apiUrl });
    dir = bot.dir;
    fake.setLatency(400); // the release thread's posts keep work in flight for a few seconds
    expect((await bot.post(commandBody('payments-api 2.3.1'))).status).toBe(200);
    bot.child.kill('SIGTERM');
    let ready: number | undefined;
    while (ready !== 503) ready = (await fetch(`${bot.url}/ready`)).status;
    expect((await bot.post(commandBody('help'))).status).toBe(200);
    expect(await bot.exited).toBe(0);
  });
});
