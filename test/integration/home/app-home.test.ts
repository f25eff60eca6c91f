import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, maintenanceCycles, releases } from '../../../src/db/schema.js';
import { type Harness, nextTrigger, releaseThread, startHarness } from '../../helpers/slack-harness.js';
import { threadActions } from '../../helpers/thread-actions.js';
import { homeConfig, homeOf } from './home-fixture.js';

describe('App Home: what waits on whom', () => {
  let h: Harness;
  let t: ReturnType<typeof threadActions>;
  let releaseId: string;
  beforeEach(async () => {
    h = await startHarness({ configYaml: homeConfig('defaultChannel: C0MAINT\nadmins: [UADMIN]') });
    h.fake.usergroups.set('SSECURITY', ['USEC']);
    t = threadActions(h);
    await h.command('payments-api 2.3.1', { user: 'UOWNER' });
    await h.settle();
    releaseId = (await h.bot.database.db.select().from(releases).get())!.id;
  });
  afterEach(async () => {
    await h.close();
  });
  const openHomes = async (...users: string[]) => {
    for (const u of users) await h.openHome(u);
    await h.settle();
  };
  const readyForApproval = async () => {
    await t.tickAll('Security', 'UOWNER');
    await t.tickAll('Database', 'UOWNER');
    await t.signoff('Security', 'USEC');
    await t.signoff('Database', 'UDBA');
  };

  it('shows the security lead a complete Security section to sign off, and not the owner or the approver', async () => {
    await t.tickAll('Security', 'UOWNER');
    await openHomes('USEC', 'UOWNER', 'UREL1');
    const waiting = homeOf(h, 'USEC').list('Waiting on you');
    expect(waiting).toHaveLength(1);
    expect(waiting[0]).toContain('*Security* of');
    expect(waiting[0]).toContain('payments-api 2.3.1 → production');
    expect(homeOf(h, 'UOWNER').list('Waiting on you')).toEqual(['Nothing is waiting on you.']);
    expect(homeOf(h, 'UREL1').list('Waiting on you')).toEqual(['Nothing is waiting on you.']);
  });

  it("lists the owner's own release with its progress, and every open release for everyone", async () => {
    await t.tickAll('Security', 'UOWNER');
    await openHomes('UOWNER', 'USEC');
    const mine = homeOf(h, 'UOWNER').list('Your open releases');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toContain('2/3 done');
    expect(homeOf(h, 'USEC').list('Your open releases')[0]).toContain('no open releases');
    expect(homeOf(h, 'USEC').list('All open releases and watches')[0]).toContain('<@UOWNER>');
  });

  it('offers the approver Approve only once everything else is done', async () => {
    await openHomes('UREL1', 'USEC');
    expect(homeOf(h, 'UREL1').hasApprove(releaseId)).toBe(false);
    await readyForApproval();
    const waiting = homeOf(h, 'UREL1').list('Waiting on you');
    expect(waiting[0]).toContain('ready for your approval');
    expect(homeOf(h, 'UREL1').hasApprove(releaseId)).toBe(true);
    expect(homeOf(h, 'USEC').list('Waiting on you')).toEqual(['Nothing is waiting on you.']);
  });

  it('refreshes an open Home when a release on it changes', async () => {
    await openHomes('USEC');
    expect(homeOf(h, 'USEC').list('Waiting on you')).toEqual(['Nothing is waiting on you.']);
    await t.tickAll('Security', 'UOWNER');
    expect(homeOf(h, 'USEC').list('Waiting on you')[0]).toContain('*Security* of');
    await t.signoff('Security', 'USEC');
    expect(homeOf(h, 'USEC').list('Waiting on you')).toEqual(['Nothing is waiting on you.']);
  });

  it('approving from Home applies the thread rules and audit, and updates the thread and the Home', async () => {
    await readyForApproval();
    await openHomes('UREL1');
    await h.clickHome('UREL1', 'home:approve', releaseId);
    await h.settle();
    expect((await h.bot.database.db.select().from(releases).get())!.status).toBe('approved');
    const audit = await h.bot.database.db.select().from(auditLog).where(eq(auditLog.actor, 'UREL1')).all();
    expect(audit.map((a) => [a.action, a.via])).toEqual([
      ['approval', 'block_action'],
      ['release.approved', 'block_action'],
    ]);
    const thread = releaseThread(h.fake);
    expect(thread.parent.text).toContain('approved');
    expect(JSON.stringify(thread.parent.blocks)).toContain('release:deployed');
    expect(thread.replies.some((m) => m.text.includes('Release approved (1/1)'))).toBe(true);
    const home = homeOf(h, 'UREL1');
    expect(home.hasApprove(releaseId)).toBe(false);
    expect(home.top()[0]).toContain('Release approved');
    expect(home.list('All open releases and watches')[0]).toContain('approved, ready to deploy');
  });

  it('refuses an Approve from Home by someone who may not approve, audits it and says who can', async () => {
    await readyForApproval();
    await openHomes('UOWNER');
    await h.clickHome('UOWNER', 'home:approve', releaseId);
    await h.settle();
    expect((await h.bot.database.db.select().from(releases).get())!.status).toBe('open');
    const refused = await h.bot.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'approval.refused'))
      .all();
    expect(refused.map((a) => a.actor)).toEqual(['UOWNER']);
    expect(homeOf(h, 'UOWNER').top()[0]).toContain('Only <@UREL1>, <@UADMIN> can approve releases.');
  });

  it('answers an Approve of a release that is not ready with what is missing, on the Home', async () => {
    await t.tickAll('Security', 'UOWNER');
    await openHomes('UREL1');
    await h.clickHome('UREL1', 'home:approve', releaseId);
    await h.settle();
    expect((await h.bot.database.db.select().from(releases).get())!.status).toBe('open');
    expect(homeOf(h, 'UREL1').top()[0]).toContain('Security: not signed off');
  });

  it('lists finished releases with their outcome', async () => {
    const parent = releaseThread(h.fake).parent;
    await h.click(parent, 'UOWNER', 'release:cancel', 'release_actions', releaseId);
    await h.settle();
    await openHomes('UOWNER');
    expect(homeOf(h, 'UOWNER').list('Recently finished')[0]).toContain('cancelled');
    expect(homeOf(h, 'UOWNER').list('All open releases and watches')).toEqual([
      'No release is open and no watch is running.',
    ]);
  });

  it('shows a release deployed without a watch as finished, deployed quietly', async () => {
    await readyForApproval();
    const parent = () => releaseThread(h.fake).parent;
    await h.click(parent(), 'UREL1', 'release:approve', 'release_actions', releaseId);
    await h.settle();
    await h.click(parent(), 'UOWNER', 'release:deployed', 'release_actions', releaseId);
    await h.settle();
    await openHomes('UOWNER');
    expect(homeOf(h, 'UOWNER').list('Recently finished')[0]).toContain('deployed quietly');
    expect(homeOf(h, 'UOWNER').list('Your open releases')[0]).toContain('no open releases');
  });

  it('acknowledges clicks on the Home link buttons', async () => {
    await openHomes('UOWNER');
    const res = await h.clickHome('UOWNER', `home:open:${releaseId}`, '');
    expect(res.status).toBe(200);
  });

  it('lists the maintenance items assigned to me in the current cycle, refreshed when assigned', async () => {
    await openHomes('UDBA', 'UOWNER');
    await h.command('maintenance run', { user: 'UADMIN' });
    await h.settle();
    const message = h.fake.channelMessages('C0MAINT').at(-1)!;
    const cycle = (await h.bot.database.db.select().from(maintenanceCycles).get())!;
    await h.interact({
      type: 'block_actions',
      user: { id: 'UADMIN', username: 'uadmin', name: 'uadmin' },
      trigger_id: nextTrigger(),
      channel: { id: message.channel },
      container: { type: 'message', message_ts: message.ts, channel_id: message.channel },
      message: { type: 'message', ts: message.ts, text: message.text, blocks: message.blocks },
      actions: [
        {
          type: 'users_select',
          action_id: 'maint:owner',
          block_id: `maint-o:${cycle.id}:monthly.deps`,
          selected_user: 'UDBA',
          action_ts: nextTrigger(),
        },
      ],
    });
    await h.settle();
    expect(homeOf(h, 'UDBA').list('Waiting on you')).toEqual([
      ':calendar: Maintenance assigned to you: Update dependencies (pip list --outdated)',
    ]);
    expect(homeOf(h, 'UOWNER').list('Waiting on you')).toEqual(['Nothing is waiting on you.']);
  });

  it('gives up on a Home publish Slack refuses because the Home tab is off, until the next change', async () => {
    h.fake.failNext('views.publish', { error: 'not_enabled' });
    await openHomes('UOWNER');
    await new Promise((r) => setTimeout(r, 300));
    const publishes = () => h.fake.calls.filter((c) => c.method === 'views.publish');
    expect(publishes().map((c) => c.error)).toEqual(['not_enabled']);
    await openHomes('UOWNER');
    expect(publishes().map((c) => c.error ?? 'ok')).toEqual(['not_enabled', 'ok']);
  });

  it('ignores the Messages tab', async () => {
    await h.openHome('UOWNER', 'messages');
    await h.settle();
    expect(h.fake.homes.has('UOWNER')).toBe(false);
  });
});
