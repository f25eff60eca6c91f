import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/client.js';
import { itemStates, outbox } from '../../../src/db/schema.js';
import { type FakeSlack, startFakeSlack } from '../../../src/sandbox/slack-web-api.js';
import { processFixture, until } from '../../helpers/process-fixture.js';
import {
  BOT_TOKEN,
  checkboxPayload,
  clickTargets,
  commandBody,
  optionsOf,
  releaseThread,
} from '../../helpers/slack-harness.js';
import { spawnBot } from '../../helpers/spawn-bot.js';

/** Item ids shown ticked in Slack's copy of the thread. */
const shownTicked = (fake: FakeSlack) =>
  releaseThread(fake)
    .replies.flatMap((m) =>
      m.blocks
        .filter((b) => String(b.block_id).startsWith('g|'))
        .flatMap((b) => optionsOf(m, String(b.block_id)).selected),
    )
    .sort();

describe('SIGTERM during a burst of clicks', () => {
  const f = processFixture();

  it('shows every stored tick in Slack after the next start at the latest', { timeout: 60_000 }, async () => {
    const fake = await startFakeSlack({ token: BOT_TOKEN });
    f.fake = fake;
    const first = await spawnBot({ apiUrl: fake.apiUrl });
    f.child = first.child;
    f.dir = first.dir;
    await first.post(commandBody('payments-api 2.3.1', { responseUrl: `${fake.url}/response/x` }));
    await until(() => fake.channelMessages('CREL').length >= 8, 30_000);
    expect(fake.channelMessages('CREL')).toHaveLength(8);
    // One tick in every group of every section, while Slack answers slowly: updates pile up in the outbox.
    const seen = new Set<string>();
    const clicks = clickTargets(fake, 'CREL', releaseThread(fake).parent.ts).filter(
      (c) => !seen.has(c.blockId) && seen.add(c.blockId),
    );
    fake.setLatency(3_000);
    let n = 0;
    const acks = await Promise.all(
      clicks.map(({ m, blockId, value }) =>
        first.post(
          new URLSearchParams({
            payload: JSON.stringify(checkboxPayload(m, `U${++n}`, blockId, [value])),
          }).toString(),
        ),
      ),
    );
    expect(acks.every((r) => r.status === 200)).toBe(true);
    // Each message's update is its own lane, so slowness alone no longer outlasts the stop budget: Slack also
    // goes down for longer than the budget, so what the clicks changed must wait in the outbox.
    fake.outage(9_000);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const left = await openDatabase(first.dbPath);
    const stored = (await left.db.select().from(itemStates).all())
      .filter((r) => r.state === 'done')
      .map((r) => r.itemId)
      .sort();
    const queued = await left.db.select().from(outbox).all();
    await left.close();
    expect(stored).toHaveLength(clicks.length);
    // The stop budget ran out before Slack saw everything: the rest waited in the outbox.
    expect(queued.length).toBeGreaterThan(0);
    expect(shownTicked(fake)).not.toEqual(stored);

    fake.setLatency(0);
    const second = await spawnBot({ apiUrl: fake.apiUrl, dir: first.dir });
    f.child = second.child;
    await until(() => shownTicked(fake!).join() === stored.join(), 20_000);
    expect(shownTicked(fake)).toEqual(stored);
  });
});
