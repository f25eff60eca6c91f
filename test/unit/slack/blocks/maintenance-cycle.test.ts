import { describe, expect, it } from 'vitest';
import { defaultChecklist } from '../../../../src/checklist/checklist.js';
import type { CycleSnapshot } from '../../../../src/domain/maintenance.js';
import { blockKitErrors } from '../../../../src/sandbox/block-kit-limits.js';
import { parseMaintBlockId, renderMaintenanceCycle } from '../../../../src/slack/blocks/maintenance-cycle.js';
import { checklistWith } from '../../jobs/support.js';

function snapshot(itemIds: string[], cycleId = 42): CycleSnapshot {
  return {
    cycle: {
      id: cycleId,
      scheduleId: 'monthly',
      periodKey: '2026-03-01T09:00[Europe/Berlin]',
      channelId: 'C0MAINT',
      ts: '1.2',
      postedAt: 0,
      late: true,
      closedAt: null,
    },
    items: itemIds.map((itemId, n) => ({
      cycleId,
      itemId,
      state: n === 0 ? 'done' : n === 1 ? 'na' : 'open',
      by: n < 2 ? 'U0ALICE' : null,
      at: n < 2 ? Date.UTC(2026, 2, 2) : null,
      reason: n === 1 ? 'No database in this service' : null,
      owner: n === 2 ? 'U0BOB' : null,
      nudgedAt: null,
    })),
  };
}

describe('maintenance cycle message', () => {
  it('shows progress, who ticked what, N/A reasons, owners and the late note', () => {
    const c = defaultChecklist();
    const { blocks } = renderMaintenanceCycle(snapshot(c.maintenance.items.map((i) => i.id)), c);
    const json = JSON.stringify(blocks);
    expect(blockKitErrors(blocks)).toEqual([]);
    expect(json).toContain('1/6 done · 1 N/A');
    expect(json).toContain('late: scheduled for 2026-03-01 09:00 Europe/Berlin, the bot was offline');
    expect(json).toContain(':white_check_mark: <@U0ALICE>');
    expect(json).toContain('N/A: No database in this service');
    expect(json).toContain('owner <@U0BOB>');
  });

  it.each([6, 20, 30])('stays within Slack limits with %i items', (n) => {
    const c = checklistWith(n);
    const { blocks } = renderMaintenanceCycle(snapshot(c.maintenance.items.map((i) => i.id)), c);
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(blockKitErrors(blocks)).toEqual([]);
  });

  it('encodes cycle and item in every interactive block id', () => {
    const c = defaultChecklist();
    const { blocks } = renderMaintenanceCycle(
      snapshot(
        c.maintenance.items.map((i) => i.id),
        7,
      ),
      c,
    );
    const ids = blocks.flatMap((b) => (b.block_id ? [parseMaintBlockId(b.block_id)] : []));
    expect(ids).toHaveLength(12);
    expect(ids[0]).toEqual({ cycleId: 7, itemId: 'monthly.review-and-rotate' });
    expect(ids[1]).toEqual({ cycleId: 7, itemId: 'monthly.review-and-rotate' });
  });
});
