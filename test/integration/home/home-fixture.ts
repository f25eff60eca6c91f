import { resolve } from 'node:path';
import type { FakeMessage } from '../../../src/sandbox/slack-web-api.js';
import { type Harness, optionsOf, releaseThread } from '../../helpers/slack-harness.js';

/** Two sections with sign-off owners (a user group and a user), one release approver. */
export const homeConfig = (extra = '') => `
timezone: UTC
checklist: ${resolve('test/fixtures/mini-checklist.yml')}
requiredApprovals: 1
approvers:
  release: [UREL1]
  sections:
    security: [SSECURITY]
    database: [UDBA]
${extra}`;

type Json = Record<string, unknown>;
const groupBlocks = (m: FakeMessage) =>
  m.blocks.filter((b) => String(b.block_id).startsWith('g|')).map((b) => String(b.block_id));

/** Thread clicks, as people make them. */
export function threadActions(h: Harness, channel = 'CREL') {
  const thread = () => releaseThread(h.fake, channel);
  return {
    async tickAll(title: string, user: string) {
      for (const blockId of groupBlocks(thread().section(title))) {
        const view = thread().section(title);
        await h.tick(
          view,
          user,
          blockId,
          optionsOf(view, blockId).options.map((o) => o.value),
        );
        await h.settle();
      }
    },
    async untickFirst(title: string, user: string) {
      const view = thread().section(title);
      const blockId = groupBlocks(view)[0]!;
      await h.tick(
        view,
        user,
        blockId,
        optionsOf(view, blockId)
          .options.slice(1)
          .map((o) => o.value),
      );
      await h.settle();
    },
    async signoff(title: string, user: string) {
      const m = thread().section(title);
      const b = m.blocks.find((x) => String(x.block_id).startsWith('signoff|')) as {
        block_id: string;
        elements: { value: string }[];
      };
      await h.click(m, user, 'section:signoff', b.block_id, b.elements[0]!.value);
      await h.settle();
    },
  };
}

/** The Home last published for `user`, split into its titled lists (block texts, one string per row). */
export function homeOf(h: Harness, user: string) {
  const view = h.fake.homes.get(user) as { blocks: Json[]; private_metadata?: string } | undefined;
  if (!view) throw new Error(`no Home published for ${user}`);
  const lists = new Map<string, string[]>();
  let current = '(top)';
  for (const b of view.blocks) {
    const text = String((b.text as Json | undefined)?.text ?? '');
    if (b.type === 'header') {
      current = text;
      lists.set(current, []);
    } else if (b.type === 'section' || b.type === 'context') {
      const row = b.type === 'context' ? String(((b.elements as Json[])[0] as Json).text) : text;
      lists.set(current, [...(lists.get(current) ?? []), row]);
    }
  }
  const json = JSON.stringify(view.blocks);
  return {
    view,
    list: (title: string) => lists.get(title) ?? [],
    top: () => lists.get(':rocket: deploy-check') ?? [],
    hasApprove: (releaseId: string) => json.includes('"home:approve"') && json.includes(`"${releaseId}"`),
  };
}
