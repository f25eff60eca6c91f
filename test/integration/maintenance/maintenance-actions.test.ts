import { App } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postMaintenanceCycle } from '../../../src/jobs/maintenance-cycle-job.js';
import { type FakeMessage, type FakeSlack, startFakeSlack } from '../../../src/sandbox/slack-web-api.js';
import { registerMaintenanceActions } from '../../../src/slack/listeners/maintenance-actions.js';
import { createSlackPoster } from '../../../src/slack/poster.js';
import { createTestDatabase } from '../../helpers/db.js';
import { jobDeps } from '../../unit/jobs/support.js';

const YAML = 'defaultChannel: C0MAINT\nadmins: [U0ADMIN]';
let fake: FakeSlack;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
const stops: (() => Promise<void>)[] = [];
beforeEach(async () => {
  fake = await startFakeSlack();
  db = await createTestDatabase();
});
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  await fake.close();
  await db.cleanup();
});

/** The real Bolt dispatch (middleware, ack, listeners) against the fake Slack Web API, without HTTP in front. */
async function setup() {
  const app = new App({
    token: 'xoxb-test-token',
    signingSecret: 'unused',
    botId: 'BBOT',
    botUserId: 'UBOT',
    clientOptions: { slackApiUrl: fake.apiUrl },
  });
  // Slack writes go through the real outbox and dispatcher of the job deps, to the fake Slack.
  const poster = createSlackPoster(app.client);
  const t = jobDeps(db, YAML, { poster });
  stops.push(t.stop);
  const deps = t.deps;
  const command = registerMaintenanceActions(app, {
    ...deps,
    permalink: poster.permalink,
    messages: t.messages,
    writes: t.writes,
  });
  const schedule = deps.config.file.maintenance.schedules[0]!;
  const snap = await postMaintenanceCycle(
    deps,
    schedule,
    { periodKey: '2026-03-01T09:00[UTC]' },
    { late: false },
  );
  await t.settle();
  // The ts is stored when the outbox has posted the message.
  const message = async () =>
    fake.messages.get(
      `C0MAINT/${(await t.deps.maintenance.snapshot(snap?.cycle.id ?? 0))?.cycle.ts}`,
    ) as FakeMessage;
  const send = async (body: Record<string, unknown>) => {
    const acks: unknown[] = [];
    await app.processEvent({ body, ack: async (r?: unknown) => void acks.push(r) });
    await t.settle();
    return acks;
  };
  const action = (view: FakeMessage, user: string, a: Record<string, unknown>) =>
    send({
      type: 'block_actions',
      user: { id: user, name: user.toLowerCase() },
      team: { id: 'T1' },
      api_app_id: 'A1',
      token: 'x',
      trigger_id: `trig-${Math.random()}`,
      channel: { id: view.channel },
      container: { type: 'message', message_ts: view.ts, channel_id: view.channel },
      message: { ts: view.ts, text: view.text, blocks: structuredClone(view.blocks) },
      response_url: `${fake.url}/response/1`,
      actions: [{ action_ts: `${Date.now()}.0`, ...a }],
    });
  const ids = snap?.items.map((i) => i.itemId) ?? [];
  const tick = (view: FakeMessage, user: string, itemId: string, on: boolean) =>
    action(view, user, {
      type: 'checkboxes',
      action_id: 'maint:toggle',
      block_id: `maint:${snap?.cycle.id}:${itemId}`,
      selected_options: on ? [{ text: { type: 'plain_text', text: 'Done' }, value: itemId }] : [],
    });
  const item = async (id: string) =>
    (await t.deps.maintenance.snapshot(snap?.cycle.id ?? 0))?.items.find((i) => i.itemId === id);
  return { app, t, snap, message, send, action, tick, ids, item, command };
}

describe('maintenance message interactions', () => {
  it('ticks an item and re-renders the message with who did it', async () => {
    const s = await setup();
    const acks = await s.tick(await s.message(), 'U0ALICE', s.ids[0]!, true);
    expect(acks).toHaveLength(1);
    expect(JSON.stringify((await s.message()).blocks)).toContain('1/6 done');
    expect(JSON.stringify((await s.message()).blocks)).toContain(':white_check_mark: <@U0ALICE>');
  });

  it('does not undo someone else’s tick from a stale view', async () => {
    const s = await setup();
    const stale = structuredClone(await s.message());
    await s.tick(await s.message(), 'U0ALICE', s.ids[0]!, true);
    // Bob's client still shows item 0 unticked; he ticks item 0 too (no change) and then unticks nothing.
    await s.tick(stale, 'U0BOB', s.ids[0]!, true);
    expect(await s.item(s.ids[0]!)).toMatchObject({ state: 'done', by: 'U0ALICE' });
    // Carol's stale view shows item 1 unticked and she leaves it so: an untouched checkbox changes nothing.
    await s.tick(stale, 'U0CAROL', s.ids[1]!, false);
    expect((await s.item(s.ids[0]!))?.state).toBe('done');
    // Unticking from a view that showed it ticked does reopen it.
    await s.tick(await s.message(), 'U0BOB', s.ids[0]!, false);
    expect((await s.item(s.ids[0]!))?.state).toBe('open');
  });

  it('assigns an owner from the user picker', async () => {
    const s = await setup();
    await s.action(await s.message(), 'U0ALICE', {
      type: 'users_select',
      action_id: 'maint:owner',
      block_id: `maint-o:${s.snap?.cycle.id}:${s.ids[2]}`,
      selected_user: 'U0BOB',
    });
    expect((await s.item(s.ids[2]!))?.owner).toBe('U0BOB');
    expect(JSON.stringify((await s.message()).blocks)).toContain('owner <@U0BOB>');
  });

  it('marks an item N/A through a modal with a required reason', async () => {
    const s = await setup();
    await s.action(await s.message(), 'U0ALICE', {
      type: 'overflow',
      action_id: 'maint:na',
      block_id: `maint-o:${s.snap?.cycle.id}:${s.ids[4]}`,
      selected_option: { text: { type: 'plain_text', text: 'Mark N/A…' }, value: 'na' },
    });
    const view = fake.views[0] as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe('maint:na_modal');
    const submit = (reason: string) =>
      s.send({
        type: 'view_submission',
        user: { id: 'U0ALICE', name: 'alice' },
        team: { id: 'T1' },
        api_app_id: 'A1',
        token: 'x',
        trigger_id: 'trig-view',
        view: {
          id: 'V1',
          hash: 'h',
          type: 'modal',
          callback_id: view.callback_id,
          private_metadata: view.private_metadata,
          state: { values: { reason: { reason: { type: 'plain_text_input', value: reason } } } },
        },
      });
    expect(await submit('   ')).toEqual([
      { response_action: 'errors', errors: { reason: 'A reason is required.' } },
    ]);
    await submit('We have no backups in staging');
    expect(await s.item(s.ids[4]!)).toMatchObject({
      state: 'na',
      reason: 'We have no backups in staging',
      by: 'U0ALICE',
    });
    expect(JSON.stringify((await s.message()).blocks)).toContain('N/A: We have no backups in staging');
  });

  it('shows the status to everyone and posts on demand only for admins', async () => {
    const s = await setup();
    const status = await s.command({ run: false, userId: 'U0EVE', channelId: 'C0MAINT' });
    expect(status.text).toContain('0/6 done');
    expect(JSON.stringify(status.blocks)).not.toContain('maint:run');
    await expect(s.command({ run: true, userId: 'U0EVE', channelId: 'C0MAINT' })).rejects.toThrow(
      '<@U0ADMIN>',
    );
    await s.action(await s.message(), 'U0ADMIN', {
      type: 'button',
      action_id: 'maint:run',
      block_id: 'b',
      value: 'run',
    });
    expect(fake.channelMessages('C0MAINT').filter((m) => !m.threadTs)).toHaveLength(2);
    expect(JSON.stringify(fake.responses)).toContain('Posted a maintenance cycle');
  });
});
