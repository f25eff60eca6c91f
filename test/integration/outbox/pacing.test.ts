import { afterEach, describe, expect, it } from 'vitest';
import { SLACK_PACING } from '../../../src/slack/outbox/dispatcher.js';
import { type Harness, releaseThread, startHarness } from '../../helpers/slack-harness.js';

describe('posting a thread into a Slack that allows 1 post per second per channel', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('posts every message in order and waits out Retry-After instead of hammering', async () => {
    h = await startHarness({ outbox: { pacing: SLACK_PACING } });
    h.fake.limitPosts({ perSecond: 1 });
    await h.command('payments-api 2.3.1');
    for (let i = 0; i < 150 && h.fake.channelMessages('CREL').length < 8; i++)
      await new Promise((r) => setTimeout(r, 100));
    const t = releaseThread(h.fake);
    // In the checklist's order, one message per section.
    const titles = h.bot.checklist.allSections.map((s) => s.title);
    expect(t.replies).toHaveLength(titles.length);
    t.replies.forEach((m, i) => {
      expect((m.blocks[0] as { text: { text: string } }).text.text).toContain(titles[i]);
    });
    const posts = h.fake.calls.filter((c) => c.method === 'chat.postMessage');
    const limited = posts.filter((c) => c.status === 429);
    // The bot's own pacing (a short burst, then 1/s) meets Slack's limit: at most the burst is refused once.
    expect(limited.length).toBeLessThanOrEqual(1);
    for (const l of limited) {
      const next = posts.find((c) => c.at > l.at);
      expect(next!.at - l.at).toBeGreaterThanOrEqual(950);
    }
  });
});
