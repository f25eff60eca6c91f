import { describe, expect, it } from 'vitest';
import { defaultChecklist } from '../../../../src/checklist/checklist.js';
import type { ReleaseSnapshot } from '../../../../src/db/repos/release-repo.js';
import type { HomeModel } from '../../../../src/domain/app-home.js';
import { blockKitErrors } from '../../../../src/sandbox/block-kit-limits.js';
import { renderAppHome } from '../../../../src/slack/blocks/app-home.js';
import { releaseSnapshot } from '../../../helpers/release-snapshot.js';

const checklist = defaultChecklist();
const snapshot = (i: number): ReleaseSnapshot =>
  releaseSnapshot(
    {
      id: `r${i}`,
      // Long names: every row at its longest, so text limits are exercised too.
      service: `service-with-a-rather-long-name-${i}`.padEnd(63, 'x'),
      version: `1.0.${i}-${'rc'.repeat(40)}`,
      threadTs: `1700000000.${String(i).padStart(6, '0')}`,
    },
    {
      messages: new Map(checklist.allSections.map((s) => [s.id, `1700000001.${String(i).padStart(6, '0')}`])),
    },
  );

describe('renderAppHome', () => {
  it('stays within Block Kit limits for a Home when every list is far over its cap, with a notice', () => {
    const snaps = Array.from({ length: 200 }, (_, i) => snapshot(i));
    const model: HomeModel = {
      signoffs: snaps.map((snap) => ({ snap, section: checklist.sections[0]! })),
      approvals: snaps,
      maintenance: snaps.map((_, i) => ({
        cycleId: i,
        channelId: 'C2',
        ts: '1.2',
        itemId: `m${i}`,
        text: 'Review and rotate secrets/API keys',
      })),
      mine: snaps,
      active: snaps,
      finished: snaps.slice(0, 10).map((s) => ({ release: s.release, outcome: 'deployed quietly' })),
    };
    const view = renderAppHome(
      model,
      { checklist, now: 86_400_000, notice: 'x'.repeat(5000), watches: new Map([['r1', 'alerting']]) },
      'U1',
    );
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(blockKitErrors(view.blocks, 'home')).toEqual([]);
    expect(view.private_metadata.length).toBeLessThanOrEqual(3000);
    const notes = view.blocks.filter((b) => b.type === 'context').map((b) => JSON.stringify(b));
    expect(notes.some((n) => n.includes('…and 580 more'))).toBe(true);
  });
});
