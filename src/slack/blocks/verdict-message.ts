import type { Block } from '../ports.js';
import { escapeMrkdwn, truncate } from './text.js';

// Slack: a message holds at most 50 blocks, a section's text 3000 characters, a header 150 (SLACK-FACTS.md).
export const MAX_DETAILED = 20;

/** One result a person must read: what, why (already mrkdwn, e.g. quoted evidence), how to fix. */
export interface VerdictDetail {
  icon: string;
  title: string;
  summary: string;
  /** mrkdwn, shown quoted under the headline. */
  body?: string;
  fix?: string;
}

const quote = (mrkdwn: string) => `\n>${mrkdwn.replace(/\n/g, '\n>')}`;

/**
 * The shape probe runs and repository scans share in a thread: a header, a counts line, the failures and
 * warnings in detail (at most MAX_DETAILED, then "…and n more"), extra rows, a compact rest, and what the
 * run changed on the checklist.
 */
export function renderVerdictMessage(m: {
  header: string;
  lead: string;
  /** Failures first, then warnings: the caller orders them. */
  details: readonly VerdictDetail[];
  extra?: readonly Block[];
  rest?: readonly string[];
  effects?: readonly string[];
}): Block[] {
  const detail = (d: VerdictDetail): Block => ({
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: truncate(
        `${d.icon} *${escapeMrkdwn(d.title)}* — ${escapeMrkdwn(d.summary)}${d.body ? quote(d.body) : ''}${d.fix ? `\n_Fix:_ ${escapeMrkdwn(d.fix)}` : ''}`,
        3000,
      ),
    },
  });
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(m.header, 150), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: truncate(m.lead, 3000) } },
    ...m.details.slice(0, MAX_DETAILED).map(detail),
  ];
  if (m.details.length > MAX_DETAILED)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `…and ${m.details.length - MAX_DETAILED} more` }],
    });
  if (m.extra?.length) blocks.push(...m.extra);
  if (m.rest?.length)
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(m.rest.join('\n'), 3000) } });
  const effects = (m.effects ?? []).filter(Boolean);
  if (effects.length)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: truncate(effects.join(' · '), 3000) }],
    });
  return blocks;
}
