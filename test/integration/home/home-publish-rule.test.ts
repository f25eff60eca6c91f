import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, optionsOf, releaseThread, startHarness } from '../../helpers/slack-harness.js';
import { groupBlocks } from '../../helpers/thread-actions.js';
import { homeConfig, homeOf } from './home-fixture.js';

const publishesFor = (h: Harness, user: string) =>
  h.fake.calls.filter((c) => c.method === 'views.publish' && c.args.user_id === user && c.status === 200);

describe('re-publishing a Home: only when what the person sees changed, at most once per gap', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });
  const start = async (homeMinGapMs: number) => {
    h = await startHarness({ configYaml: homeConfig(), homeMinGapMs });
    await h.command('payments-api 2.3.1', { user: 'UOWNER' });
    await h.settle();
  };
  /** Two ticks on the Security section from the same (stale) view, without waiting in between. */
  const twoQuickTicks = async () => {
    const view = releaseThread(h.fake).section('Security');
    const blockId = groupBlocks(view)[0]!;
    const [a, b] = optionsOf(view, blockId).options.map((o) => o.value);
    await h.tick(view, 'UOWNER', blockId, [a!]);
    await h.tick(view, 'UOWNER', blockId, [b!]);
  };

  it('does not publish a view the person already has, nor to people a change does not concern', async () => {
    await start(0);
    await h.openHome('UOWNER');
    await h.openHome('UREL1');
    await h.settle();
    await h.openHome('UOWNER');
    await h.settle();
    expect(publishesFor(h, 'UOWNER')).toHaveLength(1);
    await twoQuickTicks();
    await h.settle();
    // The owner sees the progress of their release; the approver's Home lists it by state only.
    expect(publishesFor(h, 'UOWNER').length).toBeGreaterThan(1);
    expect(homeOf(h, 'UOWNER').list('Your open releases')[0]).toContain('2/3 done');
    expect(publishesFor(h, 'UREL1')).toHaveLength(1);
    expect(homeOf(h, 'UREL1').list('All open releases and watches')[0]).toContain('open');
  });

  it('coalesces changes made elsewhere into one publish per gap, showing the latest state', async () => {
    await start(1500);
    await h.openHome('UOWNER');
    await h.settle();
    const first = publishesFor(h, 'UOWNER')[0]!.at;
    await twoQuickTicks();
    await h.settle();
    const later = publishesFor(h, 'UOWNER').slice(1);
    expect(later).toHaveLength(1);
    expect(later[0]!.at - first).toBeGreaterThanOrEqual(1400);
    expect(homeOf(h, 'UOWNER').list('Your open releases')[0]).toContain('2/3 done');
  });

  it('publishes at once for the person who opens their Home, whatever the gap', async () => {
    await start(60_000);
    await h.openHome('UOWNER');
    await h.settle();
    await twoQuickTicks();
    await new Promise((r) => setTimeout(r, 300));
    // Changes elsewhere wait out the minute; opening the Home does not.
    expect(publishesFor(h, 'UOWNER')).toHaveLength(1);
    await h.openHome('UOWNER');
    for (let i = 0; i < 100 && publishesFor(h, 'UOWNER').length < 2; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(publishesFor(h, 'UOWNER')).toHaveLength(2);
    expect(homeOf(h, 'UOWNER').list('Your open releases')[0]).toContain('2/3 done');
  });
});
