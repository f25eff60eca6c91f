import type { Block } from '../ports.js';
import { escapeMrkdwn, truncate } from './text.js';

export interface CommonIssueView {
  issue: string;
  symptom: string;
  solution: string;
}

const line = (i: CommonIssueView) =>
  `• *${escapeMrkdwn(i.issue)}* — _${escapeMrkdwn(i.symptom)}_ → ${escapeMrkdwn(i.solution)}`;

/**
 * The checklist's "Common Production Issues" rows as sections: issue, symptom, solution. A section's
 * text is capped at 3,000 characters, so long tables continue in further sections (at most 5).
 */
export function renderIssueRows(
  issues: readonly CommonIssueView[],
  title: string,
  blockId?: string,
): Block[] {
  const chunks: string[][] = [[`*${escapeMrkdwn(title)}*`]];
  for (const i of issues) {
    const current = chunks.at(-1) ?? [];
    if ([...current, line(i)].join('\n').length > 2900) chunks.push([line(i)]);
    else current.push(line(i));
  }
  return chunks.slice(0, 5).map((c, n) => ({
    type: 'section',
    ...(blockId ? { block_id: n === 0 ? blockId : `${blockId}:${n}` } : {}),
    text: { type: 'mrkdwn', text: truncate(c.join('\n'), 3000) },
  }));
}

/** `/deploy-check issues`: the whole table, as an ephemeral answer. */
export function renderCommonIssues(issues: readonly CommonIssueView[]): { text: string; blocks: Block[] } {
  if (issues.length === 0)
    return {
      text: 'The checklist has no common production issues (`commonIssues` is empty).',
      blocks: [],
    };
  const blocks = renderIssueRows(issues, `Common production issues (${issues.length})`);
  return { text: `Common production issues: ${issues.map((i) => i.issue).join(', ')}`, blocks };
}
