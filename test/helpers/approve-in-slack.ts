import type { FakeMessage } from '../../src/sandbox/slack-web-api.js';
import { type Harness, optionsOf, releaseThread } from './slack-harness.js';

const groupBlocks = (m: FakeMessage) =>
  m.blocks.filter((b) => String(b.block_id).startsWith('g|')).map((b) => String(b.block_id));

/** People working the thread as they would in Slack: signed clicks on what the fake Slack shows them. */
export function slackPeople(h: Harness, channel = 'CREL') {
  const thread = () => releaseThread(h.fake, channel);
  const tickSection = async (title: string, user: string) => {
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
  const signOff = async (title: string, user: string) => {
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
    tickSection,
    signOff,
    /** Ticks and signs off every section of the mini checklist, then approves. */
    async completeAndApprove(releaseId: string, sections: string[], user = 'UALICE', approver = 'UREL1') {
      for (const title of sections) {
        await tickSection(title, user);
        await signOff(title, user);
      }
      await button('release:approve', approver, releaseId);
    },
    approve: (releaseId: string, user: string) => button('release:approve', user, releaseId),
    cancel: (releaseId: string, user: string) => button('release:cancel', user, releaseId),
    deployed: (releaseId: string, user: string) => button('release:deployed', user, releaseId),
  };
}
