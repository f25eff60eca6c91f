import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, releaseThread, startHarness } from '../../helpers/slack-harness.js';

describe('a release opened while Slack is down', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('appears in Slack after Slack recovers, without anyone doing anything', async () => {
    h = await startHarness({ outbox: { retryBaseMs: 200, maxRetryMs: 1_000 } });
    h.fake.outage(5_000);
    const res = await h.command('payments-api 2.3.1');
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(h.fake.channelMessages('CREL')).toEqual([]);
    expect(h.fake.calls.some((c) => c.method === 'chat.postMessage' && c.status === 503)).toBe(true);
    for (let i = 0; i < 100 && h.fake.channelMessages('CREL').length < 8; i++)
      await new Promise((r) => setTimeout(r, 100));
    const t = releaseThread(h.fake);
    expect(t.parent.text).toContain('Release payments-api 2.3.1');
    expect(t.replies).toHaveLength(7);
  });
});
