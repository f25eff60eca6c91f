import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../helpers/slack-harness.js';
import { homeConfig, homeOf } from './home-fixture.js';

describe('App Home within Block Kit limits', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ configYaml: homeConfig() });
  });
  afterEach(async () => {
    await h.close();
  });

  it('the fake Slack refuses a Home view of 101 blocks, as Slack does', async () => {
    const blocks = Array.from({ length: 101 }, () => ({ type: 'divider' }));
    const res = await fetch(`${h.fake.apiUrl}views.publish`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-test-token', 'content-type': 'application/json' },
      body: JSON.stringify({ user_id: 'UOWNER', view: { type: 'home', blocks } }),
    });
    expect(await res.json()).toMatchObject({ ok: false, error: 'invalid_blocks' });
  });

  it('publishes a Home of at most 100 blocks with 60 open releases, saying how many more there are', async () => {
    for (let i = 0; i < 60; i++) await h.command(`svc-${i} 1.0.${i}`, { user: 'UOWNER' });
    await h.settle();
    await h.openHome('UOWNER');
    await h.settle();
    const publish = h.fake.calls.filter((c) => c.method === 'views.publish');
    expect(publish.every((c) => !c.error)).toBe(true);
    const home = homeOf(h, 'UOWNER');
    expect((home.view.blocks as unknown[]).length).toBeLessThanOrEqual(100);
    expect((home.view.private_metadata ?? '').length).toBeLessThanOrEqual(3000);
    expect(home.list('Your open releases').at(-1)).toContain('…and 50 more');
    expect(home.list('All open releases and watches').at(-1)).toContain('…and 30 more');
  });
});
