import type { Checklist } from '../../checklist/checklist.js';
import type { ScanRunRow } from '../../db/repos/scan-run-repo.js';
import { type ScanItemView, scanItemViews, shortCommit } from '../../domain/scan-items.js';
import { escapeMrkdwn, mention, truncate } from './text.js';
import { renderVerdictMessage } from './verdict-message.js';

const ICON = {
  pass: ':white_check_mark:',
  warn: ':warning:',
  fail: ':x:',
  unknown: ':grey_question:',
} as const;
const EVIDENCE_LINES = 3;

/** `path:line` and the line itself (secrets already masked by the scan), a few per item. */
function evidenceBody(v: ScanItemView): string {
  const decisive = v.checks.filter((c) => c.verdict === v.verdict);
  const lines = decisive.flatMap((c) => c.evidence);
  const shown = lines
    .slice(0, EVIDENCE_LINES)
    .map((e) => `\`${escapeMrkdwn(`${e.path}:${e.line}`)}\` ${escapeMrkdwn(truncate(e.text, 200))}`);
  if (lines.length > EVIDENCE_LINES) shown.push(`…and ${lines.length - EVIDENCE_LINES} more line(s)`);
  const why = decisive.map((c) => c.why).filter(Boolean)[0];
  return [...(why ? [escapeMrkdwn(truncate(why, 500))] : []), ...shown].join('\n');
}

/** The "Repository scan" message: failing items first with evidence and fix, then warnings, then counts. */
export function renderScanResults(run: ScanRunRow, checklist: Checklist) {
  const views = scanItemViews(checklist, run.report);
  const count = (v: ScanItemView['verdict']) => views.filter((x) => x.verdict === v).length;
  const commit = shortCommit(run.commit);
  const where = [
    commit ? `commit \`${commit}\`` : 'not a git work tree',
    run.appRoot ? `app in \`${escapeMrkdwn(run.appRoot)}\`` : '',
    `${run.report.files.scanned} files`,
  ].filter(Boolean);
  const line = `${ICON.fail} ${count('fail')} fail · ${ICON.warn} ${count('warn')} warn · ${ICON.pass} ${count('pass')} pass · ${ICON.unknown} ${count('unknown')} unknown`;
  const important = views
    .filter((v) => v.verdict === 'fail' || v.verdict === 'warn')
    .sort((a, b) => (a.verdict === b.verdict ? 0 : a.verdict === 'fail' ? -1 : 1));
  const { ticked, failing } = run.effects;
  const blocks = renderVerdictMessage({
    header: `Repository scan #${run.id}${commit ? ` at ${commit}` : ''}`,
    lead: `${line}\n${where.join(' · ')} · sent by ${mention(run.submittedBy)}`,
    details: important.map((v) => ({
      icon: ICON[v.verdict],
      title: v.text,
      summary: v.checks
        .filter((c) => c.verdict === v.verdict)
        .map((c) => c.summary)
        .join('; '),
      body: evidenceBody(v),
      fix: v.checks.find((c) => c.verdict === v.verdict && c.fix)?.fix ?? '',
    })),
    rest: count('unknown')
      ? [`${ICON.unknown} ${count('unknown')} item(s) the repository cannot decide stay with people.`]
      : [],
    effects: [
      ticked.length ? `${ticked.length} checklist item(s) verified by scan` : '',
      failing.length
        ? `${failing.length} item(s) marked failing — approval is blocked until a new scan passes or an approver overrides`
        : '',
    ],
  });
  return {
    text: `Repository scan #${run.id}${commit ? ` at ${commit}` : ''}: ${count('fail')} fail, ${count('warn')} warn, ${count('pass')} pass, ${count('unknown')} unknown`,
    blocks,
  };
}
