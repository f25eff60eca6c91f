import { afterEach, describe, expect, it } from 'vitest';
import type { FakeMessage } from '../../../src/sandbox/slack-web-api.js';
import { SLACK_PACING } from '../../../src/slack/outbox/dispatcher.js';
import { type Harness, optionsOf, releaseThread, startHarness } from '../../helpers/slack-harness.js';
import { groupBlocks } from '../../helpers/thread-actions.js';

const waitFor = async (cond: () => boolean, ms = 15_000) => {
  for (const end = Date.now() + ms; !cond() && Date.now() < end; )
    await new Promise((r) => setTimeout(r, 20));
  expect(cond()).toBe(true);
};
const titleOf = (m: FakeMessage) => (m.blocks[0] as { text?: { text?: string } }).text?.text ?? '';

describe('a release thread under Slack-like per-channel post limits (Slack pacing)', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });
  const messages = () => 1 + h.bot.checklist.allSections.length;
  const posts = () => h.fake.calls.filter((c) => c.method === 'chat.postMessage');
  const expectInOrder = () => {
    const t = releaseThread(h.fake);
    const titles = h.bot.checklist.allSections.map((s) => s.title);
    expect(t.replies.map(titleOf).map((x, i) => x.includes(titles[i]!))).toEqual(titles.map(() => true));
  };

  it('goes out as one burst in a quiet channel: no pause between its messages, nothing refused', async () => {
    h = await startHarness({ outbox: { pacing: SLACK_PACING } });
    h.fake.limitPosts({ perSecond: 1, burst: 10 });
    await h.command('payments-api 2.3.1');
    await waitFor(() => h.fake.channelMessages('CREL').length === messages());
    const ok = posts().filter((c) => c.status === 200);
    expect(posts().filter((c) => c.status === 429)).toEqual([]);
    // Paced at 1/s the thread would show gaps of a second or more between its messages.
    for (let i = 1; i < ok.length; i++) expect(ok[i]!.at - ok[i - 1]!.at).toBeLessThan(900);
    expectInOrder();
  });

  it('waits out Retry-After when Slack refuses part of the burst, then posts the rest in order', async () => {
    h = await startHarness({ outbox: { pacing: SLACK_PACING } });
    h.fake.limitPosts({ perSecond: 1, burst: 4 });
    await h.command('payments-api 2.3.1');
    await waitFor(() => h.fake.channelMessages('CREL').length === messages());
    const all = posts();
    const first429 = all.findIndex((c) => c.status === 429);
    expect(first429).toBe(4);
    expect(all[first429 + 1]!.at - all[first429]!.at).toBeGreaterThanOrEqual(950);
    expectInOrder();
  });

  it('shows a tick on the first section while later sections are still waiting to be posted', async () => {
    h = await startHarness({ outbox: { pacing: SLACK_PACING } });
    // A Slack that lets only two posts through at once: the thread takes seconds to arrive.
    h.fake.limitPosts({ perSecond: 1, burst: 2 });
    await h.command('payments-api 2.3.1');
    await waitFor(() => h.fake.channelMessages('CREL').length >= 2);
    const first = releaseThread(h.fake).replies[0]!;
    const blockId = groupBlocks(first)[0]!;
    const value = optionsOf(first, blockId).options[0]!.value;
    expect((await h.tick(first, 'UALICE', blockId, [value])).status).toBe(200);
    // The section shows the tick and the parent's progress line follows it (two updates, each its own lane,
    // so either may land first)…
    await waitFor(
      () =>
        optionsOf(h.fake.messages.get(`CREL/${first.ts}`)!, blockId).selected.includes(value) &&
        releaseThread(h.fake).parent.updates > 0,
    );
    // …without waiting for the rest of the thread.
    expect(h.fake.channelMessages('CREL').length).toBeLessThan(messages());
    await waitFor(() => h.fake.channelMessages('CREL').length === messages());
    expectInOrder();
  });
});

describe("an update of a message whose post is still on the wire (Slack's answer not back yet)", () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('is sent once the post is answered, never before it and never lost', async () => {
    h = await startHarness();
    // Slack acts on every post at once but answers it 600 ms later: the bot does not know the ts yet.
    h.fake.delayAnswers('chat.postMessage', 600);
    await h.command('payments-api 2.3.1');
    await waitFor(() => h.fake.channelMessages('CREL').length >= 2);
    const first = releaseThread(h.fake).replies[0]!;
    const blockId = groupBlocks(first)[0]!;
    const value = optionsOf(first, blockId).options[0]!.value;
    expect((await h.tick(first, 'UALICE', blockId, [value])).status).toBe(200);
    await waitFor(() =>
      optionsOf(h.fake.messages.get(`CREL/${first.ts}`)!, blockId).selected.includes(value),
    );
    const updates = h.fake.calls.filter((c) => c.method === 'chat.update' && c.args.ts === first.ts);
    expect(updates.every((c) => c.status === 200 && !c.error)).toBe(true);
  });
});
