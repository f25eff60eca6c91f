import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../../src/sandbox/slack-web-api.js';

const TOKEN = 'xoxb-sandbox-test';
const modal = (title = 'Mark not applicable') => ({
  type: 'modal',
  callback_id: 'item_modal',
  title: { type: 'plain_text', text: title },
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Pick one' } }],
});

describe('the local Slack Web API (sandbox and tests)', () => {
  let fake: FakeSlack;
  beforeEach(async () => {
    fake = await startFakeSlack({ token: TOKEN, verifyTriggers: true });
    fake.channels.set('C0REL', { id: 'C0REL', name: 'releases' });
  });
  afterEach(() => fake.close());

  const call = async (method: string, args: Record<string, unknown>) =>
    (await (
      await fetch(`${fake.apiUrl}${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(args),
      })
    ).json()) as Record<string, unknown>;
  const respond = (url: string, body: Record<string, unknown>) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const responseUrl = () =>
    `${fake.url}/response/${fake.interactivity.issueResponseToken({ user: 'U0DBA', channel: 'C0REL' })}`;

  it('opens a modal for the person whose trigger_id it issued, once', async () => {
    const trigger = fake.interactivity.issueTrigger('U0DBA');
    const first = await call('views.open', { trigger_id: trigger, view: modal() });
    expect(first.ok).toBe(true);
    expect([...fake.openViews.values()].map((v) => v.user)).toEqual(['U0DBA']);
    expect(await call('views.open', { trigger_id: trigger, view: modal() })).toMatchObject({
      ok: false,
      error: 'exchanged_trigger_id',
    });
  });

  it('refuses a trigger_id it never issued', async () => {
    expect(await call('views.open', { trigger_id: '123.456.abc', view: modal() })).toMatchObject({
      ok: false,
      error: 'invalid_trigger_id',
    });
  });

  it('updates an open modal by id and refuses an update based on a stale hash', async () => {
    const opened = (await call('views.open', {
      trigger_id: fake.interactivity.issueTrigger('U0DBA'),
      view: modal(),
    })) as { view: { id: string; hash: string } };
    const updated = await call('views.update', {
      view_id: opened.view.id,
      hash: opened.view.hash,
      view: modal('Saved'),
    });
    expect(updated.ok).toBe(true);
    expect(fake.openViews.get(opened.view.id)?.view.title).toEqual({ type: 'plain_text', text: 'Saved' });
    expect(
      await call('views.update', { view_id: opened.view.id, hash: opened.view.hash, view: modal() }),
    ).toMatchObject({ ok: false, error: 'hash_conflict' });
  });

  it('answers invalid_blocks with the violations in response_metadata.messages, as Slack does', async () => {
    const r = await call('chat.postMessage', {
      channel: 'C0REL',
      text: 'x',
      blocks: [{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }],
    });
    expect(r).toMatchObject({ ok: false, error: 'invalid_blocks' });
    expect((r.response_metadata as { messages: string[] }).messages[0]).toMatch(/^\[ERROR\] .*header text/);
  });

  it('answers channel_not_found for a channel the workspace does not have', async () => {
    expect(await call('chat.postMessage', { channel: 'C0NOPE', text: 'hi' })).toMatchObject({
      ok: false,
      error: 'channel_not_found',
    });
  });

  it('keeps an ephemeral message for the one person it was sent to', async () => {
    await call('chat.postEphemeral', { channel: 'C0REL', user: 'U0DBA', text: 'only you' });
    expect(fake.ephemeralMessages.map((e) => [e.user, e.text])).toEqual([['U0DBA', 'only you']]);
  });

  it('returns a thread through conversations.replies', async () => {
    const parent = await call('chat.postMessage', { channel: 'C0REL', text: 'parent' });
    await call('chat.postMessage', { channel: 'C0REL', text: 'reply', thread_ts: parent.ts });
    const r = (await call('conversations.replies', { channel: 'C0REL', ts: parent.ts })) as {
      messages: { text: string }[];
    };
    expect(r.messages.map((m) => m.text)).toEqual(['parent', 'reply']);
  });

  it('shows a response_url post to the person who acted, ephemeral unless in_channel', async () => {
    const url = responseUrl();
    await respond(url, { text: 'just you' });
    await respond(url, { text: 'everyone', response_type: 'in_channel' });
    expect(fake.ephemeralMessages.map((e) => [e.user, e.text])).toEqual([['U0DBA', 'just you']]);
    expect(fake.channelMessages('C0REL').map((m) => m.text)).toEqual(['everyone']);
  });

  it('takes five posts to a response_url and refuses the sixth', async () => {
    const url = responseUrl();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await respond(url, { text: `#${i}` })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
  });

  it('tells a caller without a token not_authed and one with a wrong token invalid_auth', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${fake.apiUrl}auth.test`, { method: 'POST', headers }).then((r) => r.json());
    expect(await post({})).toMatchObject({ ok: false, error: 'not_authed' });
    expect(await post({ authorization: 'Bearer xoxb-wrong' })).toMatchObject({ error: 'invalid_auth' });
  });
});
