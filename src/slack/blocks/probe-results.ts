import type { ProbeReport } from '../../probes/types.js';
import { type CommonIssueView, renderIssueRows } from './common-issues.js';
import { escapeMrkdwn, truncate } from './text.js';
import { renderVerdictMessage } from './verdict-message.js';

const ICON = { pass: ':white_check_mark:', warn: ':warning:', fail: ':x:', skip: ':fast_forward:' } as const;

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
) {
  const s = report.summary;
  const line = `${ICON.pass} ${s.pass} pass · ${ICON.warn} ${s.warn} warn · ${ICON.fail} ${s.fail} fail · ${ICON.skip} ${s.skip} skip · ${report.durationMs} ms`;
  const important = report.results
    .filter((r) => r.status === 'fail' || r.status === 'warn')
    .sort((a, b) => (a.status === b.status ? 0 : a.status === 'fail' ? -1 : 1));
  const blocks = renderVerdictMessage({
    header: `Probe run #${ctx.runId} — ${ctx.service}`,
    lead: `*${escapeMrkdwn(report.target)}*\n${line}`,
    details: important.map((r) => ({
      icon: ICON[r.status],
      title: r.id,
      summary: r.summary,
      body: r.details ? escapeMrkdwn(truncate(r.details, 500)) : '',
      fix: r.remediation,
    })),
    extra: ctx.issues?.length ? renderIssueRows(ctx.issues, 'Common production issues that fit') : [],
    rest: report.results
      .filter((r) => r.status === 'pass' || r.status === 'skip')
      .map((r) => `${ICON[r.status]} *${r.id}* — ${escapeMrkdwn(r.summary)}`),
    effects: [
      ctx.ticked?.length ? `${ctx.ticked.length} checklist item(s) verified by probe` : '',
      ctx.failing?.length
        ? `${ctx.failing.length} item(s) marked failing — approval is blocked until re-run green or overridden`
        : '',
    ],
  });
  return {
    text: `Probe run #${ctx.runId} for ${ctx.service}: ${s.pass} pass, ${s.warn} warn, ${s.fail} fail, ${s.skip} skip`,
    blocks,
  };
}
