import { basename } from 'node:path';
import { chartAltText } from '../charts/chart-alt-text.js';
import { exportChartInput } from './export-chart.js';
import { compactJson, formatTime, oneLine, personName, table } from './export-format.js';
import type { ItemRecord, ReleaseRecord, WatchRecord } from './export-types.js';
import { plainTitle } from './release-rules.js';

const ICON: Record<ItemRecord['state'], string> = { done: '✅', na: '➖', open: '⬜', failing: '❌' };
const STATE_WORD: Record<ItemRecord['state'], string> = {
  done: 'done',
  na: 'N/A',
  open: 'open',
  failing: 'failing',
};
const WATCH_OUTCOME: Record<WatchRecord['status'], string> = {
  active: 'still watching (no verdict yet)',
  alerting: 'error-rate spike: alerting, awaiting a decision',
  completed: 'completed: no sustained error spike during the watch window',
  rolled_back: 'rolled back after an error-rate spike',
  cancelled: 'cancelled before the watch window ended',
};

/**
 * The release as a change-management document: what was released, who ticked, skipped (and why), signed
 * off and approved what and when, what the probes and the post-deploy watch saw, and the raw audit trail.
 */
export function renderReleaseMarkdown(
  record: ReleaseRecord,
  opts: {
    timeZone: string;
    /** Chart images written beside the document, by watch id (paths relative to the document). */
    charts?: Readonly<Record<number, string>>;
  },
): string {
  const tz = opts.timeZone;
  const t = (ms: number | null) => formatTime(ms, tz);
  const who = (id: string | null) => personName(record.names, id);
  const r = record.release;
  const out: string[] = [];

  out.push(`# Release record: ${oneLine(`${r.service} ${r.version} → ${r.env}`)}`, '');
  out.push(
    table(
      ['Field', 'Value'],
      [
        ['Release ID', r.id],
        ['Status', r.status],
        ['Opened', `${t(r.createdAt)} by ${who(r.createdBy)}`],
        ['Deployed', r.deployedAt === null ? 'not deployed' : `${t(r.deployedAt)} by ${who(r.deployedBy)}`],
        ['Last change', t(r.updatedAt)],
        [
          'Slack thread',
          r.threadTs ? `channel ${r.channelId}, thread ${r.threadTs}` : `channel ${r.channelId}`,
        ],
        [
          'Checklist',
          `${record.checklist.name} v${record.checklist.version} (${record.checklist.hash})` +
            (record.checklist.matchesRelease
              ? ''
              : ` — differs from the checklist the release was opened with (${r.checklistHash})`),
        ],
        ['Times', `shown in ${tz}`],
      ],
    ),
    '',
  );

  const s = record.summary;
  out.push('## Summary', '');
  out.push(
    table(
      ['Required items', 'Done', 'N/A', 'Open', 'Failing'],
      [[s.required, s.done, s.na, s.open, s.failing]],
    ),
  );
  out.push('');

  out.push('## Sign-offs and approvals', '', '### Section sign-offs', '');
  out.push(
    table(
      ['Section', 'Signed off by', 'At'],
      record.sections.map((x) => [
        plainTitle(x.title),
        x.signoff ? who(x.signoff.userId) : 'not signed off',
        x.signoff ? t(x.signoff.at) : '',
      ]),
    ),
    '',
    '### Release approvals',
    '',
  );
  out.push(
    record.approvals.length
      ? table(
          ['Approver', 'At'],
          record.approvals.map((a) => [who(a.userId), t(a.at)]),
        )
      : '_No approvals recorded._',
    '',
  );

  out.push('## Checklist', '', 'Legend: ✅ done · ➖ N/A · ⬜ open · ❌ failing', '');
  const itemLine = (i: ItemRecord) => {
    let line = `- ${ICON[i.state]} ${oneLine(i.text)}`;
    if (i.state !== 'open' || i.by) {
      line += ` — ${STATE_WORD[i.state]}`;
      if (i.by) line += ` by ${who(i.by)}`;
      if (i.source && i.source !== 'user' && i.source !== i.by) line += ` via ${i.source}`;
      if (i.at !== null) line += ` at ${t(i.at)}`;
    }
    if (i.reason) line += `\n  - Reason: ${oneLine(i.reason)}`;
    if (i.evidence) line += `\n  - Evidence: ${oneLine(i.evidence)}`;
    return line;
  };
  for (const section of record.sections) {
    const sign = section.signoff
      ? `signed off by ${who(section.signoff.userId)} at ${t(section.signoff.at)}`
      : 'not signed off';
    out.push(`### ${plainTitle(section.title)}`, '');
    out.push(`_${section.required ? 'Required before approval' : 'Post-deployment'}; ${sign}._`, '');
    for (const g of section.groups) {
      out.push(`#### ${oneLine(g.title)}`, '');
      out.push(...g.items.map(itemLine), '');
    }
  }
  if (record.unknownItems.length) {
    out.push('### Items no longer in the checklist', '', ...record.unknownItems.map(itemLine), '');
  }

  out.push('## Probe runs', '');
  if (!record.probeRuns.length) out.push('_No probe runs recorded._', '');
  for (const run of record.probeRuns) {
    out.push(`### Run ${run.id} — ${oneLine(run.target)}`, '');
    out.push(
      `Started ${t(run.startedAt)} by ${who(run.requestedBy)}, took ${run.durationMs} ms: ` +
        `${run.pass} pass, ${run.warn} warn, ${run.fail} fail, ${run.skip} skipped.`,
      '',
    );
    if (run.results.length)
      out.push(
        table(
          ['Probe', 'Status', 'Summary', 'Details', 'Remediation', 'ms'],
          run.results.map((x) => [x.probeId, x.status, x.summary, x.details, x.remediation, x.durationMs]),
        ),
        '',
      );
  }

  out.push('## Post-deploy watch', '');
  if (!record.watches.length) out.push('_No post-deploy watch recorded._', '');
  for (const w of record.watches) {
    out.push(`### Watch ${w.id} — ${oneLine(w.service)}`, '');
    out.push(`**Outcome:** ${WATCH_OUTCOME[w.status]} (\`${w.status}\`).`, '');
    out.push(`Watched from ${t(w.startedAt)} until ${t(w.endsAt)}.`, '');
    const chart = exportChartInput(record, w);
    const image = opts.charts?.[w.id];
    if (chart)
      out.push(
        ...(image ? [`![Error rate since the deploy](${encodeURI(basename(image))})`, ''] : []),
        // The chart's figures in words: the same facts without the image (or where no image was written).
        `**Error rate:** ${oneLine(chartAltText(chart))}`,
        '',
      );
    if (w.events.length)
      out.push(
        table(
          ['At', 'Event', 'By', 'Detail'],
          w.events.map((e) => [t(e.at), e.kind, e.actor ? who(e.actor) : '', compactJson(e.detail)]),
        ),
        '',
      );
  }

  out.push('## Audit trail', '');
  out.push(
    record.audit.length
      ? table(
          ['#', 'At', 'Actor', 'Action', 'Target', 'Via', 'Detail'],
          record.audit.map((a) => [
            a.id,
            t(a.at),
            who(a.actor),
            a.action,
            a.target,
            a.via,
            compactJson(a.detail),
          ]),
        )
      : '_No audit entries._',
    '',
  );
  return out.join('\n');
}
