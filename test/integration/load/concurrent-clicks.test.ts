import { afterEach, describe, expect, it } from 'vitest';
import { auditLog, itemStates } from '../../../src/db/schema.js';
import { type FakeSlack, startFakeSlack } from '../../../src/sandbox/slack-web-api.js';
import {
  BOT_TOKEN,
  clickTargets,
  FAST_PACING,
  type Harness,
  optionsOf,
  startHarness,
} from '../../helpers/slack-harness.js';

describe('load: 20 users clicking 200 items across 5 releases at once', () => {
  let h: Harness;
  let fake: FakeSlack;
  afterEach(async () => {
    await h.close();
    await fake.close();
  });

  it('ends with exactly the expected state and audit rows, within the rate limit', async () => {
    // Time is scaled ×12 so the test stays short: Slack's ~50 chat.update/min becomes 600/min on both sides.
    fake = await startFakeSlack({ token: BOT_TOKEN, ratePerMinute: { 'chat.update': 600 } });
    h = await startHarness({
      fake,
      outbox: { pacing: { ...FAST_PACING, update: { perMinute: 600, burst: 20 } } },
    });
    const services = ['api-a', 'api-b', 'api-c', 'api-d', 'api-e'];
    for (const s of services) await h.command(`${s} 1.0.0`);
    await h.settle();
    const parents = fake.channelMessages('CREL').filter((m) => !m.threadTs);
    expect(parents).toHaveLength(5);
    const targets = parents.flatMap((p) => clickTargets(fake, 'CREL', p.ts).slice(0, 40));
    expect(targets).toHaveLength(200);
    const started = Date.now();
    await Promise.all(targets.map((t, i) => h.tick(t.m, `U${i % 20}`, t.blockId, [t.value])));
    await h.settle();
    const rows = await h.bot.database.db.select().from(itemStates).all();
    expect(rows).toHaveLength(200);
    expect(rows.every((r) => r.state === 'done')).toBe(true);
    const audits = (await h.bot.database.db.select().from(auditLog).all()).filter(
      (a) => a.action === 'item.done',
    );
    expect(audits).toHaveLength(200);
    // What Slack shows equals the database for every release.
    for (const p of parents)
      for (const m of fake.thread('CREL', p.ts))
        for (const b of m.blocks.filter((x) => String(x.block_id).startsWith('g|'))) {
          const releaseId = String(b.block_id).split('|')[1];
          const stored = new Set(rows.filter((r) => r.releaseId === releaseId).map((r) => r.itemId));
          const shown = optionsOf(m, String(b.block_id));
          expect(shown.selected.sort()).toEqual(
            shown.options
              .map((o) => o.value)
              .filter((v) => stored.has(v))
              .sort(),
          );
        }
    const updates = fake.calls.filter((c) => c.method === 'chat.update' && c.at >= started);
    expect(updates.filter((c) => c.status === 429)).toEqual([]);
    expect(updates.length).toBeLessThan(200);
  });
});
