import { describe, expect, it } from 'vitest';
import { buildChecklist, defaultChecklist } from '../../../../src/checklist/checklist.js';
import type { ReleaseSnapshot } from '../../../../src/db/repos/release-repo.js';
import { blockKitErrors } from '../../../../src/sandbox/block-kit-limits.js';
import { renderReleaseParent } from '../../../../src/slack/blocks/release-parent.js';
import { renderReleaseSection } from '../../../../src/slack/blocks/release-section.js';
import { truncate } from '../../../../src/slack/blocks/text.js';

const snapshot = (overrides: Partial<ReleaseSnapshot['release']> = {}): ReleaseSnapshot => ({
  release: {
    id: 'rabc123',
    service: 'payments-api',
    version: '2.3.1',
    env: 'production',
    channelId: 'C1',
    threadTs: '1.1',
    createdBy: 'U1',
    status: 'open',
    checklistHash: 'h',
    createdAt: 0,
    updatedAt: 0,
    deployedAt: null,
    deployedBy: null,
    ...overrides,
  },
  items: new Map(),
  signoffs: new Map(),
  approvals: [],
  messages: new Map(),
  names: new Map(),
});

describe('release renderers stay within Block Kit limits', () => {
  it('renders every section of the seed checklist validly', () => {
    const c = defaultChecklist();
    const snap = snapshot();
    for (const s of c.allSections) {
      const { blocks, text } = renderReleaseSection(snap, s.id, {
        checklist: c,
        timeZone: 'UTC',
        signers: ['S1'],
      });
      expect(blockKitErrors(blocks)).toEqual([]);
      expect(text.length).toBeLessThan(4000);
    }
    expect(
      blockKitErrors(
        renderReleaseParent(snap, { checklist: c, requiredApprovals: 2, timeZone: 'UTC' }).blocks,
      ),
    ).toEqual([]);
  });

  it('shortens long items, splits groups over 10 items, and keeps long N/A reasons within 75 chars', () => {
    const long = 'Verify that the configuration of the ingress controller '.repeat(4);
    const items = Array.from({ length: 23 }, (_, i) => ({ id: `s.g.item-${i}`, text: `${i} ${long} 🚀` }));
    const c = buildChecklist({
      version: 1,
      name: 'long',
      sections: [
        {
          id: 's',
          title: ':lock: A very long section title '.repeat(10),
          groups: [{ id: 's.g', title: 'G', description: 'd'.repeat(4000), items }],
        },
      ],
      postDeployment: {
        id: 'p',
        title: 'Post',
        groups: [{ id: 'p.g', title: 'P', items: [{ id: 'p.g.1', text: 'x' }] }],
      },
      rollbackPlan: [{ id: 'r.1', text: 'r' }],
      maintenance: { id: 'm', title: 'M', items: [{ id: 'm.1', text: 'm' }] },
    });
    const snap = snapshot();
    snap.items.set('s.g.item-0', {
      releaseId: 'rabc123',
      itemId: 's.g.item-0',
      state: 'na',
      source: 'user',
      by: 'U2',
      at: 0,
      reason: 'because '.repeat(40),
      evidence: null,
    });
    snap.items.set('s.g.item-1', {
      releaseId: 'rabc123',
      itemId: 's.g.item-1',
      state: 'done',
      source: 'user',
      by: 'U2',
      at: 0,
      reason: null,
      evidence: null,
    });
    snap.items.set('s.g.item-2', {
      releaseId: 'rabc123',
      itemId: 's.g.item-2',
      state: 'failing',
      source: 'probe',
      by: 'probe',
      at: 0,
      reason: null,
      evidence: 'e'.repeat(300),
    });
    const { blocks } = renderReleaseSection(snap, 's', { checklist: c, timeZone: 'UTC', signers: [] });
    expect(blockKitErrors(blocks)).toEqual([]);
    expect(blocks.filter((b) => b.type === 'actions' && String(b.block_id).startsWith('g|'))).toHaveLength(3);
  });

  it('never cuts a mention in half or a surrogate pair', () => {
    expect(truncate('ticked by <@U0123456789> ok', 14)).toBe('ticked by…');
    expect([...truncate('🚀'.repeat(80), 75)]).toHaveLength(75);
  });
});
