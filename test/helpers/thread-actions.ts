import type { FakeMessage } from '../../src/sandbox/slack-web-api.js';
import { type Harness, optionsOf, releaseThread } from './slack-harness.js';

export const groupBlocks = (m: FakeMessage) =>
  m.blocks.filter((b) => String(b.block_id).startsWith('g|')).map((b) => String(b.block_id));

/** People working the thread as they would in Slack: signed clicks on what the Slack stand-in shows them. */
export function threadActions(h: Harness, channel = 'CREL') {
  const thread = () => releaseThread(h.fake, channel);
  const tickAll = async (title: string, user: string) => {
    // The thread may still be on its way (a release opened through the API a moment ago).
    await h.settle();
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
  };
  const signoff = async (title: string, user: string) => {
    const m = thread().section(title);
    const b = m.blocks.find((x) => String(x.block_id).startsWith('signoff|')) as {
      block_id: string;
      elements: { value: string }[];
    };
    await h.click(m, user, 'section:signoff', b.block_id, b.elements[0]!.value);
    await h.settle();
  };
  const button = async (actionId: string, user: string, releaseId: string) => {
    await h.click(thread().parent, user, actionId, 'release_actions', releaseId);
    await h.settle();
  };
  return {
    thread,
    tickAll,
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
    signoff,
    /** Ticks and signs off every given section, then approves. */
    async completeAndApprove(releaseId: string, sections: string[], user = 'UALICE', approver = 'UREL1') {
      for (const title of sections) {
        await tickAll(title, user);
        await signoff(title, user);
      }
      await button('release:approve', approver, releaseId);
    },
    approve: (releaseId: string, user: string) => button('release:approve', user, releaseId),
    cancel: (releaseId: string, user: string) => button('release:cancel', user, releaseId),
    deployed: (releaseId: string, user: string) => button('release:deployed', user, releaseId),
    /** The group's ⋯ menu → "Override failing check…" → the modal submitted with an item and a reason. */
    async override(a: { section: string; releaseId: string; user: string; itemId: string; reason: string }) {
      const m = thread().section(a.section);
      const blockId = groupBlocks(m)[0]!;
      const [, , si, gi] = blockId.split('|');
      const who = { id: a.user, username: a.user.toLowerCase(), name: a.user.toLowerCase() };
      await h.interact({
        type: 'block_actions',
        user: who,
        trigger_id: `trig-override-${Date.now()}`,
        channel: { id: channel },
        message: { type: 'message', ts: m.ts, thread_ts: m.threadTs, blocks: m.blocks },
        actions: [
          {
            type: 'overflow',
            action_id: 'item_menu',
            block_id: blockId,
            selected_option: { value: `override|${a.releaseId}|${si}|${gi}` },
            action_ts: `${Date.now() / 1000}`,
          },
        ],
      });
      await h.settle();
      const view = h.fake.views.at(-1) as { private_metadata: string };
      await h.interact({
        type: 'view_submission',
        user: who,
        view: {
          id: `V-override-${Date.now()}`,
          hash: 'h1',
          callback_id: 'item_modal',
          private_metadata: view.private_metadata,
          state: {
            values: {
              item: { value: { type: 'static_select', selected_option: { value: a.itemId } } },
              reason: { value: { type: 'plain_text_input', value: a.reason } },
            },
          },
        },
      });
      await h.settle();
    },
  };
}
