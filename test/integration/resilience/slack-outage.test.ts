import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { itemStates } from '../../../src/db/schema.js';
import { type Harness, optionsOf, releaseThread, startHarness } from '../../helpers/slack-harness.js';

/** Every group's selection as rendered in Slack, and as stored in SQLite. */
async function renderedVsStored(h: Harness) {
  const t = releaseThread(h.fake);
  const rendered = new Set<string>();
  for (const m of t.replies)
    for (const b of m.blocks)
      if (String(b.block_id).startsWith('g|'))
        for (const v of optionsOf(m, String(b.block_id)).selected) rendered.add(v);
  const stored = new Set(
    (await h.bot.database.db.select().from(itemStates).all())
      .filter((r) => r.state === 'done')
      .map((r) => r.itemId),
  );
  return { rendered: [...rendered].sort(), stored: [...stored].sort() };
}

describe('Slack answering 429 and 5xx', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.command('payments-api 2.3.1');
    await h.settle();
  });
  afterEach(async () => {
    await h.close();
  });

  it('loses no tick and converges every message to the database once Slack recovers', async () => {
    h.fake.failNext(
      'chat.update',
      { status: 429, retryAfter: 1 },
      { status: 500 },
      { status: 500 },
      { status: 500 },
      { status: 500 },
      { status: 500 },
      { status: 500 },
    );
    const security = releaseThread(h.fake).section('Security');
    const groups = security.blocks
      .filter((b) => String(b.block_id).startsWith('g|'))
      .map((b) => String(b.block_id));
    // Everyone clicks from the same stale view: each click adds one item.
    await Promise.all(
      groups.flatMap((g, gi) =>
        optionsOf(security, g).options.map((o, i) => h.tick(security, `U${gi}${i}`, g, [o.value])),
      ),
    );
    await h.settle();
    const { rendered, stored } = await renderedVsStored(h);
    expect(stored).toHaveLength(13);
    expect(rendered).toEqual(stored);
    expect(h.fake.calls.some((c) => c.method === 'chat.update' && c.status === 429)).toBe(true);
  });

  it('coalesces a burst of clicks into far fewer message updates', async () => {
    const security = releaseThread(h.fake).section('Security');
    const before = h.fake.calls.filter((c) => c.method === 'chat.update').length;
    const groups = security.blocks
      .filter((b) => String(b.block_id).startsWith('g|'))
      .map((b) => String(b.block_id));
    const clicks = groups.flatMap((g) => optionsOf(security, g).options.map((o) => [g, o.value] as const));
    h.fake.setLatency(40);
    await Promise.all(clicks.map(([g, v], i) => h.tick(security, `UB${i}`, g, [v])));
    await h.settle();
    const updates = h.fake.calls.filter((c) => c.method === 'chat.update').length - before;
    // One update per click would be 2 per click (section + parent); coalescing must send fewer than one per click.
    expect(updates).toBeLessThan(clicks.length);
    expect((await renderedVsStored(h)).rendered).toEqual(clicks.map(([, v]) => v).sort());
  });
});
