import type { Checklist } from '../../checklist/checklist.js';
import type { ReleaseSnapshot } from '../../db/repos/release-repo.js';
import type { NudgeAbout } from '../../domain/nudges.js';
import { plainTitle } from '../../domain/release-rules.js';
import type { Block } from '../ports.js';
import { messageLink } from './links.js';
import { releaseTitle } from './release-parent.js';
import { escapeMrkdwn, mention, truncate } from './text.js';

/** "This waits for you", with a button to the section (or the release) it is about. */
export function renderNudge(
  snap: ReleaseSnapshot,
  about: NudgeAbout,
  users: string[],
  checklist: Checklist,
  opts: { inThread: boolean },
): { text: string; blocks: Block[] } {
  const r = snap.release;
  const who = opts.inThread ? `${users.map(mention).join(' ')} ` : '';
  const what = escapeMrkdwn(releaseTitle(r));
  const sectionId = about.startsWith('section:') ? about.slice('section:'.length) : undefined;
  const section = sectionId ? checklist.sectionById.get(sectionId) : undefined;
  const text = section
    ? `${who}*${escapeMrkdwn(plainTitle(section.title))}* of *${what}* is complete and waits for your sign-off.`
    : `${who}*${what}* has every item and sign-off done and waits for your approval.`;
  const ts = sectionId ? snap.messages.get(sectionId) : r.threadTs;
  const link = ts ? messageLink(r.channelId, ts, r.threadTs) : undefined;
  const blocks: Block[] = [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(text, 3000) },
      ...(link
        ? {
            accessory: {
              type: 'button',
              action_id: `nudge:open:${r.id}`,
              text: { type: 'plain_text', text: section ? 'Open section' : 'Open release' },
              url: link,
            },
          }
        : {}),
    },
  ];
  return { text: truncate(text.replace(/\*/g, ''), 3000), blocks };
}
