import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, itemStates, releases } from '../../../src/db/schema.js';
import { blockKitErrors } from '../../../src/sandbox/block-kit-limits.js';
import { type Harness, optionsOf, releaseThread, sign, startHarness } from '../../helpers/slack-harness.js';

describe('/deploy-check opens a release thread', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('acks at once, then posts a parent and one message per section with checkboxes', async () => {
    const res = await h.command('payments-api 2.3.1 production');
    expect(res.status).toBe(200);
    expect(res.json().text).toContain('Opening *Release payments-api 2.3.1 → production*');
    await h.settle();
    const t = releaseThread(h.fake);
    expect(t.parent.text).toContain('Release payments-api 2.3.1 → production — 0/76 done · 0 N/A');
    expect(t.replies).toHaveLength(7);
    const security = t.section('Security');
    expect(blockKitErrors(security.blocks)).toEqual([]);
    const envVars = optionsOf(security, security.blocks[3]!.block_id as string);
    expect(envVars.options.map((o) => o.text.text)).toContain(
      '`SECRET_KEY` is strong (min 32 characters, random)',
    );
    const stored = await h.bot.database.db.select().from(releases).all();
    expect(stored).toMatchObject([
      {
        service: 'payments-api',
        version: '2.3.1',
        env: 'production',
        createdBy: 'UOWNER',
        threadTs: t.parent.ts,
      },
    ]);
  });

  it('ticks an item with who and when, updates progress and records it', async () => {
    await h.command('payments-api 2.3.1');
    await h.settle();
    const security = releaseThread(h.fake).section('Security');
    const blockId = security.blocks[3]!.block_id as string;
    const first = optionsOf(security, blockId).options[0]!.value;
    expect((await h.tick(security, 'UALICE', blockId, [first])).status).toBe(200);
    await h.settle();
    const after = releaseThread(h.fake);
    const opts = optionsOf(after.section('Security'), blockId);
    expect(opts.selected).toEqual([first]);
    expect(opts.options[0]!.description?.text).toMatch(/^✓ ualice · \d+ \w+,? \d\d:\d\d$/);
    expect(after.parent.text).toContain('1/76 done');
    const row = await h.bot.database.db.select().from(itemStates).where(eq(itemStates.itemId, first)).get();
    expect(row).toMatchObject({ state: 'done', by: 'UALICE', source: 'user' });
    const audit = (await h.bot.database.db.select().from(auditLog).all()).map((a) => [
      a.action,
      a.actor,
      a.target,
      a.via,
    ]);
    expect(audit).toContainEqual(['item.done', 'UALICE', first, 'block_action']);
  });

  it('unticks an item and records the untick', async () => {
    await h.command('payments-api 2.3.1');
    await h.settle();
    const security = releaseThread(h.fake).section('Security');
    const blockId = security.blocks[3]!.block_id as string;
    const [a, b] = optionsOf(security, blockId).options.map((o) => o.value);
    await h.tick(security, 'UALICE', blockId, [a!, b!]);
    await h.settle();
    const ticked = releaseThread(h.fake).section('Security');
    await h.tick(ticked, 'UBOB', blockId, [b!]);
    await h.settle();
    expect(optionsOf(releaseThread(h.fake).section('Security'), blockId).selected).toEqual([b]);
    const audit = (await h.bot.database.db.select().from(auditLog).all()).map((x) => [
      x.action,
      x.actor,
      x.target,
    ]);
    expect(audit).toContainEqual(['item.open', 'UBOB', a]);
  });

  it('keeps both ticks when two people click the same group from stale views', async () => {
    await h.command('payments-api 2.3.1');
    await h.settle();
    const stale = releaseThread(h.fake).section('Security');
    const blockId = stale.blocks[3]!.block_id as string;
    const [a, b] = optionsOf(stale, blockId).options.map((o) => o.value);
    // Both clients render the group with nothing ticked; each ticks a different item.
    await Promise.all([h.tick(stale, 'UALICE', blockId, [a!]), h.tick(stale, 'UBOB', blockId, [b!])]);
    await h.settle();
    expect(optionsOf(releaseThread(h.fake).section('Security'), blockId).selected.sort()).toEqual(
      [a, b].sort(),
    );
    const rows = await h.bot.database.db.select().from(itemStates).all();
    expect(rows.map((r) => [r.itemId, r.by]).sort()).toEqual(
      [
        [a, 'UALICE'],
        [b, 'UBOB'],
      ].sort(),
    );
  });

  it('does not record a replayed delivery twice', async () => {
    await h.command('payments-api 2.3.1');
    await h.settle();
    const security = releaseThread(h.fake).section('Security');
    const blockId = security.blocks[3]!.block_id as string;
    const first = optionsOf(security, blockId).options[0]!.value;
    const payload = {
      type: 'block_actions',
      user: { id: 'UALICE', username: 'alice', name: 'alice', team_id: 'T1' },
      trigger_id: 'same-trigger',
      channel: { id: 'CREL' },
      container: { type: 'message', message_ts: security.ts, channel_id: 'CREL' },
      message: { type: 'message', ts: security.ts, thread_ts: security.threadTs, blocks: security.blocks },
      actions: [
        {
          type: 'checkboxes',
          action_id: 'item_toggle',
          block_id: blockId,
          selected_options: [{ value: first }],
          action_ts: '1.1',
        },
      ],
    };
    await h.interact(payload);
    await h.interact(payload);
    await h.settle();
    expect(
      (await h.bot.database.db.select().from(auditLog).all()).filter((a) => a.action === 'item.done'),
    ).toHaveLength(1);
  });

  it('answers a malformed command with an ephemeral usage hint and records nothing', async () => {
    for (const text of ['payments-api', 'a b c d', 'payments-api ver$ion', 'status x y']) {
      const res = await h.command(text);
      expect(res.json()).toMatchObject({ response_type: 'ephemeral' });
      expect(String(res.json().text)).toContain('Usage');
    }
    expect(await h.bot.database.db.select().from(releases).all()).toEqual([]);
  });

  it('refuses forged, unsigned and stale requests with nothing recorded', async () => {
    const body = new URLSearchParams({
      command: '/deploy-check',
      text: 'payments-api 9.9.9',
      user_id: 'UEVIL',
      channel_id: 'CREL',
      trigger_id: 't-forged',
    }).toString();
    expect((await h.post(body, sign(body, 'wrong-secret'))).status).toBe(401);
    expect((await h.post(body, {})).status).toBe(401);
    expect((await h.post(body, sign(body, undefined, Math.floor(Date.now() / 1000) - 6 * 60))).status).toBe(
      401,
    );
    await h.settle();
    expect(await h.bot.database.db.select().from(releases).all()).toEqual([]);
    expect(h.fake.calls.filter((c) => c.method === 'chat.postMessage')).toEqual([]);
  });

  it('continues after a restart: state is read back from SQLite', async () => {
    await h.command('payments-api 2.3.1');
    await h.settle();
    const security = releaseThread(h.fake).section('Security');
    const blockId = security.blocks[3]!.block_id as string;
    const first = optionsOf(security, blockId).options[0]!.value;
    await h.tick(security, 'UALICE', blockId, [first]);
    await h.settle();
    await h.restart();
    const view = releaseThread(h.fake).section('Security');
    const second = optionsOf(view, blockId).options[1]!.value;
    await h.tick(view, 'UBOB', blockId, [first, second]);
    await h.settle();
    expect(optionsOf(releaseThread(h.fake).section('Security'), blockId).selected.sort()).toEqual(
      [first, second].sort(),
    );
    expect(releaseThread(h.fake).parent.text).toContain('2/76 done');
  });

  it('points a second /deploy-check for the same open release at its thread instead of opening another', async () => {
    await h.command('payments-api 2.3.1');
    await h.settle();
    await h.command('payments-api 2.3.1', { user: 'UBOB' });
    await h.settle();
    const parents = h.fake
      .channelMessages('CREL')
      .filter((m) => !m.threadTs && m.text.startsWith('Release '));
    expect(parents).toHaveLength(1);
    expect(await h.bot.database.db.select().from(releases).all()).toHaveLength(1);
    expect(String(h.fake.responses.at(-1)?.body.text)).toContain('is already open: continue in its thread');
  });
});
