import type { ProbeReport, ProbeResult } from '../../probes/types.js';
import type { Block } from '../ports.js';
import { type CommonIssueView, renderIssueRows } from './common-issues.js';
import { escapeMrkdwn, truncate } from './text.js';

const ICON = { pass: ':white_check_mark:', warn: ':warning:', fail: ':x:', skip: ':fast_forward:' } as const;
const MAX_DETAILED = 20;

/** Probe results for the thread: failures first with why and how to fix, then warnings, then a compact rest. */
export function renderProbeResults(
  report: ProbeReport,
  ctx: {
    service: string;
    runId: number;
    ticked?: readonly string[];
    failing?: readonly string[];
    /** Common production issues that fit the failing probes (e.g. the CORS row for a failing cors probe). */
    issues?: readonly CommonIssueView[];
  },
): { text: string; blocks: Block[] } {
  const s = report.summary;
  const line = `${ICON.pass} ${s.pass} pass · ${ICON.warn} ${s.warn} warn · ${ICON.fail} ${s.fail} fail · ${ICON.skip} ${s.skip} skip · ${report.durationMs} ms`;
  const important = report.results
    .filter((r) => r.status === 'fail' || r.status === 'warn')
    .sort((a, b) => (a.status === b.status ? 0 : a.status === 'fail' ? -1 : 1));
  const rest = report.results.filter((r) => r.status === 'pass' || r.status === 'skip');
  const detail = (r: ProbeResult): Block => ({
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: truncate(
        `${ICON[r.status]} *${r.id}* — ${escapeMrkdwn(r.summary)}${r.details ? `\n>${escapeMrkdwn(truncate(r.details, 500)).replace(/\n/g, '\n>')}` : ''}${r.remediation ? `\n_Fix:_ ${escapeMrkdwn(r.remediation)}` : ''}`,
        3000,
      ),
    },
  });
  const blocks: Block[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: truncate(`Probe run #${ctx.runId} — ${ctx.service}`, 150),
        emoji: true,
      },
    },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(`*${escapeMrkdwn(report.target)}*\n${line}`, 3000) },
    },
    ...important.slice(0, MAX_DETAILED).map(detail),
  ];
  if (important.length > MAX_DETAILED)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `…and ${important.length - MAX_DETAILED} more` }],
    });
  if (ctx.issues?.length) blocks.push(...renderIssueRows(ctx.issues, 'Common production issues that fit'));
  if (rest.length)
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          rest.map((r) => `${ICON[r.status]} *${r.id}* — ${escapeMrkdwn(r.summary)}`).join('\n'),
          3000,
        ),
      },
    });
  const effects = [
    ctx.ticked?.length ? `${ctx.ticked.length} checklist item(s) verified by probe` : '',
    ctx.failing?.length
      ? `${ctx.failing.length} item(s) marked failing — approval is blocked until re-run green or overridden`
      : '',
  ].filter(Boolean);
  if (effects.length)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: effects.join(' · ') }] });
  return {
    text: `Probe run #${ctx.runId} for ${ctx.service}: ${s.pass} pass, ${s.warn} warn, ${s.fail} fail, ${s.skip} skip`,
    blocks,
  };
}
