import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvals, auditLog, itemStates, releases, sectionSignoffs } from '../../../src/db/schema.js';
import { type Harness, optionsOf, releaseThread, startHarness } from '../../helpers/slack-harness.js';
import { groupBlocks, threadActions } from '../../helpers/thread-actions.js';

const config = `
timezone: Europe/Berlin
checklist: ${resolve('test/fixtures/mini-checklist.yml')}
requiredApprovals: 2
approvers:
  release: [UREL1, UREL2, UOWNER]
  sections:
    security: [SSECURITY]
`;

describe('sign-offs, N/A and approvals', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ configYaml: config });
    h.fake.usergroups.set('SSECURITY', ['USEC']);
    await h.command('payments-api 2.3.1');
    await h.settle();
  });
  afterEach(async () => {
    await h.close();
  });

  const tickAll = (title: string, user: string) => threadActions(h).tickAll(title, user);
  const signoff = (title: string, user: string) => threadActions(h).signoff(title, user);
  const approve = async (user: string) =>
    threadActions(h).approve(String((await h.bot.database.db.select().from(releases).get())!.id), user);
  const lastEphemeral = () => String(h.fake.ephemerals().at(-1)?.text ?? '');

  it('marks an item N/A with a required reason through the modal and shows who decided', async () => {
    const db = releaseThread(h.fake).section('Database');
    const menuBlock = groupBlocks(db)[0]!;
    const release = (await h.bot.database.db.select().from(releases).get())!;
    await h.interact({
      type: 'block_actions',
      user: { id: 'UCAROL', username: 'carol', name: 'carol' },
      trigger_id: 'trig-menu-1',
      channel: { id: 'CREL' },
      message: { type: 'message', ts: db.ts, thread_ts: db.threadTs, blocks: db.blocks },
      actions: [
        {
          type: 'overflow',
          action_id: 'item_menu',
          block_id: menuBlock,
          selected_option: { value: `na|${release.id}|1|0` },
          action_ts: '2.1',
        },
      ],
    });
    await h.settle();
    const view = h.fake.views.at(-1) as { private_metadata: string; callback_id: string };
    expect(view.callback_id).toBe('item_modal');
    const submit = (reason: string) =>
      h.interact({
        type: 'view_submission',
        user: { id: 'UCAROL', username: 'carol', name: 'carol' },
        view: {
          id: `V-${reason.length}`,
          hash: 'h1',
          callback_id: 'item_modal',
          private_metadata: view.private_metadata,
          state: {
            values: {
              item: {
                value: { type: 'static_select', selected_option: { value: 'database.backups.restore' } },
              },
              reason: { value: { type: 'plain_text_input', value: reason } },
            },
          },
        },
      });
    const empty = await submit('  ');
    expect(JSON.parse(empty.text)).toMatchObject({
      response_action: 'errors',
      errors: { reason: 'A reason is required.' },
    });
    expect(await h.bot.database.db.select().from(itemStates).all()).toEqual([]);
    await submit('No database in this service');
    await h.settle();
    const option = optionsOf(releaseThread(h.fake).section('Database'), menuBlock).options[0]!;
    expect(option.text.text).toBe('~Restore process tested and documented~');
    expect(option.description?.text).toBe('N/A (carol): No database in this service');
    expect(releaseThread(h.fake).parent.text).toContain('0/3 done · 1 N/A');
  });

  it('refuses a sign-off from someone outside the section group, naming who can, and audits it', async () => {
    await tickAll('Security', 'UALICE');
    await signoff('Security', 'UALICE');
    await h.settle();
    expect(lastEphemeral()).toContain('Only <!subteam^SSECURITY> can sign off Security');
    expect(await h.bot.database.db.select().from(sectionSignoffs).all()).toEqual([]);
    expect(
      (await h.bot.database.db.select().from(auditLog).all()).map((a) => [a.action, a.actor]),
    ).toContainEqual(['signoff.refused', 'UALICE']);
    await signoff('Security', 'USEC');
    await h.settle();
    expect(await h.bot.database.db.select().from(sectionSignoffs).all()).toMatchObject([
      { sectionId: 'security', userId: 'USEC' },
    ]);
    expect(JSON.stringify(releaseThread(h.fake).section('Security').blocks)).toContain(
      'Signed off by <@USEC>',
    );
  });

  it('lists exactly what is missing when approval is premature', async () => {
    await tickAll('Security', 'UALICE');
    await approve('UREL1');
    await h.settle();
    const text = lastEphemeral();
    expect(text).toContain('Not ready for approval');
    expect(text).toContain('Security: not signed off');
    expect(text).toContain('Database: 1 open item(s): Restore process tested and documented');
    expect(await h.bot.database.db.select().from(approvals).all()).toEqual([]);
  });

  it('needs the configured number of distinct approvers, never the creator alone', async () => {
    await tickAll('Security', 'UALICE');
    await tickAll('Database', 'UALICE');
    await signoff('Security', 'USEC');
    await signoff('Database', 'UALICE');
    await h.settle();
    await approve('UNOBODY');
    await h.settle();
    expect(lastEphemeral()).toContain('Only <@UREL1>, <@UREL2>, <@UOWNER> can approve');
    await approve('UOWNER');
    await h.settle();
    expect(lastEphemeral()).toContain('another approver is needed');
    await approve('UOWNER');
    await h.settle();
    expect(lastEphemeral()).toContain('already approved');
    expect((await h.bot.database.db.select().from(releases).get())!.status).toBe('open');
    await approve('UREL1');
    await h.settle();
    expect((await h.bot.database.db.select().from(releases).get())!.status).toBe('approved');
    const parent = releaseThread(h.fake).parent;
    expect(JSON.stringify(parent.blocks)).toContain('release:deployed');
    expect(parent.text).toContain('approved');
    await h.click(
      parent,
      'UREL2',
      'release:deployed',
      'release_actions',
      (await h.bot.database.db.select().from(releases).get())!.id,
    );
    await h.settle();
    expect(await h.bot.database.db.select().from(releases).get()).toMatchObject({
      status: 'deployed',
      deployedBy: 'UREL2',
    });
  });

  it('withdraws a section sign-off when one of its items is unticked', async () => {
    await tickAll('Security', 'UALICE');
    await signoff('Security', 'USEC');
    await h.settle();
    const view = releaseThread(h.fake).section('Security');
    const blockId = groupBlocks(view)[0]!;
    await h.tick(view, 'UBOB', blockId, [optionsOf(view, blockId).options[0]!.value]);
    await h.settle();
    expect(await h.bot.database.db.select().from(sectionSignoffs).all()).toEqual([]);
    expect((await h.bot.database.db.select().from(auditLog).all()).map((a) => a.action)).toContain(
      'signoff.revoked',
    );
  });
});
