import { afterEach, describe, expect, it } from 'vitest';
import { commandBody, type Harness, nextTrigger, sign, startHarness } from '../../helpers/slack-harness.js';

describe('Slack request edges', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('refuses a validly signed request dated ten minutes in the future', async () => {
    h = await startHarness();
    const body = commandBody('help');
    const res = await h.post(body, sign(body, undefined, Math.floor(Date.now() / 1000) + 600));
    expect(res.status).toBe(401);
  });

  it('still accepts a request dated a minute ahead (clock skew within Slack’s window)', async () => {
    h = await startHarness();
    const body = commandBody('help');
    const res = await h.post(body, sign(body, undefined, Math.floor(Date.now() / 1000) + 60));
    expect(res.status).toBe(200);
  });

  it('acks a click on an action no listener knows, and logs it', async () => {
    const lines: string[] = [];
    h = await startHarness({ logLines: lines });
    const res = await h.interact({
      type: 'block_actions',
      user: { id: 'UALICE', username: 'alice', name: 'alice' },
      trigger_id: nextTrigger(),
      channel: { id: 'CREL' },
      actions: [
        { type: 'button', action_id: 'retired_button', block_id: 'b', value: 'x', action_ts: nextTrigger() },
      ],
    });
    expect(res.status).toBe(200);
    const logged = lines.map((l) => JSON.parse(l)).find((r) => r.msg === 'unknown action acked and ignored');
    expect(logged?.actionIds).toEqual(['retired_button']);
  });

  it.each([
    ['a channel ping', '<!channel> 1.0', '<!channel>'],
    ['a user mention', 'status <@U0BOSS>', '<@U0BOSS>'],
    ['a disguised link', '<https://evil.example|payments-api> 1.0', '<https://'],
    ['a right-to-left override', 'payments\u202Eipa-1 1.0', '\u202E'],
  ])('echoes %s in a reply as plain text', async (_what, text, forbidden) => {
    h = await startHarness();
    const res = await h.command(text);
    expect(res.status).toBe(200);
    const reply = String(res.json().text);
    expect(reply).toMatch(/not a valid/);
    expect(reply).not.toContain(forbidden);
  });
});
