import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { releases } from '../../../src/db/schema.js';
import { type Harness, startHarness } from '../../helpers/slack-harness.js';

const CHANNEL = 'CNOTIN1';
const threadIn = (h: Harness, channel: string) => {
  const parent = h.fake.channelMessages(channel).find((m) => !m.threadTs && m.text.startsWith('Release '));
  return parent ? [parent, ...h.fake.thread(channel, parent.ts)] : [];
};

describe('a release opened in a channel the bot is not in', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.command('payments-api 2.3.1', { channel: CHANNEL, user: 'UOWNER' });
    await h.settle();
  });
  afterEach(async () => {
    await h.close();
  });

  it('keeps the release and tells its creator to invite the bot, in a DM when an ephemeral cannot be shown', async () => {
    expect(await h.bot.database.db.select().from(releases).all()).toHaveLength(1);
    expect(threadIn(h, CHANNEL)).toEqual([]);
    const dm = h.fake.channelMessages('UOWNER');
    expect(dm).toHaveLength(1);
    expect(dm[0]!.text).toContain('invite me with `/invite @deploy-check`');
    expect(dm[0]!.text).toContain('payments-api 2.3.1');
  });

  it('shows the waiting thread in /metrics as outbox depth and the age of its oldest row', async () => {
    const text = await (await fetch(`${h.url}/metrics`)).text();
    expect(text).toMatch(/deploy_check_outbox_depth\{status="blocked"\} 1\n/);
    const age = Number(/^deploy_check_outbox_oldest_age_seconds (\S+)$/m.exec(text)?.[1]);
    expect(age).toBeGreaterThan(0);
  });

  it('posts the whole thread as soon as the bot joins the channel', async () => {
    const res = await h.invite(CHANNEL);
    expect(res.status).toBe(200);
    await h.settle();
    const thread = threadIn(h, CHANNEL);
    expect(thread).toHaveLength(8);
    expect(thread[0]!.text).toContain('Release payments-api 2.3.1');
  });

  it('ignores another member joining: the thread waits for the bot', async () => {
    h.fake.invite(CHANNEL);
    await h.event({ type: 'member_joined_channel', user: 'USOMEONE', channel: CHANNEL });
    await h.settle();
    expect(threadIn(h, CHANNEL)).toEqual([]);
  });

  it('posts the thread when the creator presses "Post thread" on the hint after inviting the bot', async () => {
    h.fake.invite(CHANNEL);
    const hint = h.fake.channelMessages('UOWNER')[0]!;
    const button = (hint.blocks[1] as { elements: { action_id: string; value: string }[] }).elements[0]!;
    await h.click(hint, 'UOWNER', button.action_id, String(hint.blocks[1]!.block_id ?? 'b'), button.value);
    await h.settle();
    expect(threadIn(h, CHANNEL)).toHaveLength(8);
  });

  it('posts the thread on `/deploy-check post <release-id>`', async () => {
    h.fake.invite(CHANNEL);
    const [release] = await h.bot.database.db.select().from(releases).all();
    const res = await h.command(`post ${release!.id}`, { channel: CHANNEL });
    expect(String(res.json().text)).toContain('Posting the thread for *Release payments-api 2.3.1');
    await h.settle();
    expect(threadIn(h, CHANNEL)).toHaveLength(8);
  });

  it('hints again instead of posting when "Post thread" is pressed before the bot was invited', async () => {
    const hint = h.fake.channelMessages('UOWNER')[0]!;
    const button = (hint.blocks[1] as { elements: { action_id: string; value: string }[] }).elements[0]!;
    await h.click(hint, 'UOWNER', button.action_id, 'b', button.value);
    await h.settle();
    expect(threadIn(h, CHANNEL)).toEqual([]);
    expect(h.fake.channelMessages('UOWNER')).toHaveLength(2);
  });
});
