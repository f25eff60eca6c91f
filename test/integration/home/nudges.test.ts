import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../../src/clock.js';
import { nudgesSent } from '../../../src/db/schema.js';
import { type Harness, releaseThread, startHarness } from '../../helpers/slack-harness.js';
import { threadActions } from '../../helpers/thread-actions.js';
import { homeConfig } from './home-fixture.js';

const MINUTE = 60_000;
const at = (hhmm: string) => Date.parse(`2026-01-05T${hhmm}:00Z`);

describe('nudges', () => {
  let h: Harness;
  let clock: ReturnType<typeof createManualClock>;
  let t: ReturnType<typeof threadActions>;
  const start = async (nudges: string, time = '10:00') => {
    clock = createManualClock(at(time));
    h = await startHarness({ configYaml: homeConfig(nudges), clock });
    h.fake.usergroups.set('SSECURITY', ['USEC', 'USEC2']);
    t = threadActions(h);
    await h.command('payments-api 2.3.1', { user: 'UOWNER' });
    await h.settle();
  };
  afterEach(async () => {
    await h.close();
  });
  // A DM goes to the channel conversations.open returned; a post to the bare user id would be one too.
  const dms = (user: string) => [...h.fake.channelMessages(`D${user}`), ...h.fake.channelMessages(user)];

  it('DMs each member of the sign-off group once when the section becomes complete, with a button to it', async () => {
    await start('nudges: { via: dm }');
    await t.tickAll('Security', 'UOWNER');
    for (const user of ['USEC', 'USEC2']) {
      expect(dms(user)).toHaveLength(1);
      expect(dms(user)[0]!.text).toContain('Security of Release payments-api 2.3.1 → production is complete');
    }
    const section = releaseThread(h.fake).section('Security');
    expect(JSON.stringify(dms('USEC')[0]!.blocks)).toContain(`p${section.ts.replace('.', '')}`);
    expect(dms('UDBA')).toHaveLength(0);
  });

  it('does not nudge the person whose click completed the section', async () => {
    await start('nudges: { via: dm }');
    await t.tickAll('Security', 'USEC');
    expect(dms('USEC')).toHaveLength(0);
    expect(dms('USEC2')).toHaveLength(1);
  });

  it('nudges a person at most once per release within nudgeEveryMinutes', async () => {
    await start('nudges: { via: dm, nudgeEveryMinutes: 60 }');
    await t.tickAll('Security', 'UOWNER');
    await t.untickFirst('Security', 'UOWNER');
    await t.tickAll('Security', 'UOWNER');
    expect(dms('USEC')).toHaveLength(1);
    await clock.advance(59 * MINUTE);
    await t.untickFirst('Security', 'UOWNER');
    await t.tickAll('Security', 'UOWNER');
    expect(dms('USEC')).toHaveLength(1);
    await clock.advance(2 * MINUTE);
    await t.untickFirst('Security', 'UOWNER');
    await t.tickAll('Security', 'UOWNER');
    expect(dms('USEC')).toHaveLength(2);
  });

  it('sends nothing in quiet hours, and nudges when they are over', async () => {
    await start("nudges: { via: dm, quietHours: { start: '19:00', end: '08:00' } }", '22:30');
    await t.tickAll('Security', 'UOWNER');
    expect(dms('USEC')).toHaveLength(0);
    expect(await h.bot.database.db.select().from(nudgesSent).all()).toEqual([]);
    await clock.advance(at('08:00') + 86_400_000 - clock.now() - 1);
    await h.settle();
    expect(dms('USEC')).toHaveLength(0);
    await clock.advance(1);
    await h.settle();
    expect(dms('USEC')).toHaveLength(1);
    expect((await h.bot.database.db.select().from(nudgesSent).get())?.at).toBe(at('08:00') + 86_400_000);
  });

  it("keeps quiet hours in each person's own time zone when Slack knows it", async () => {
    await start("nudges: { via: dm, quietHours: { start: '19:00', end: '08:00' } }", '14:00');
    // 14:00 UTC is 23:00 in Tokyo: USEC2 is asleep, USEC (no profile zone: the config's UTC) is not.
    h.fake.userTimeZones.set('USEC2', 'Asia/Tokyo');
    await t.tickAll('Security', 'UOWNER');
    expect(dms('USEC')).toHaveLength(1);
    expect(dms('USEC2')).toHaveLength(0);
    // 08:00 in Tokyo is 23:00 UTC.
    await clock.advance(at('23:00') - clock.now());
    await h.settle();
    expect(dms('USEC2')).toHaveLength(1);
  });

  it('keeps quiet hours in the config time zone when told to', async () => {
    await start("nudges: { via: dm, quietHours: { start: '19:00', end: '08:00', zone: config } }", '14:00');
    h.fake.userTimeZones.set('USEC2', 'Asia/Tokyo');
    await t.tickAll('Security', 'UOWNER');
    expect(dms('USEC2')).toHaveLength(1);
    expect(h.fake.calls.some((c) => c.method === 'users.info')).toBe(false);
  });

  it('nudges the release approvers when everything but approval is done', async () => {
    await start('nudges: { via: dm }');
    await t.tickAll('Security', 'UOWNER');
    await t.tickAll('Database', 'UOWNER');
    await t.signoff('Security', 'USEC');
    expect(dms('UREL1')).toHaveLength(0);
    await t.signoff('Database', 'UDBA');
    expect(dms('UREL1')).toHaveLength(1);
    expect(dms('UREL1')[0]!.text).toContain('waits for your approval');
  });

  it('mentions the sign-off owners in the release thread by default', async () => {
    await start('');
    await t.tickAll('Security', 'UOWNER');
    const nudge = releaseThread(h.fake).replies.filter((m) => m.text.includes('waits for your sign-off'));
    expect(nudge).toHaveLength(1);
    expect(nudge[0]!.text).toContain('<@USEC> <@USEC2>');
    expect(h.fake.calls.some((c) => c.method === 'conversations.open')).toBe(false);
  });
});
