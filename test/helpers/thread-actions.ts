import type { FakeMessage } from '../../src/sandbox/slack-web-api.js';
import { type Harness, optionsOf, releaseThread } from './slack-harness.js';

export const groupBlocks = (m: FakeMessage) =>
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
