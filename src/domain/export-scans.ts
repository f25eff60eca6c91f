import { oneLine, table } from './export-format.js';
import type { ReleaseRecord } from './export-types.js';
import { shortCommit } from './scan-items.js';

/**
 * The record's "Repository scans" part: per run, where it came from, what it changed on the checklist, and
 * every item's verdict with the lines it rests on (as the pipeline sent them, secrets masked by the scan).
 */
export function renderScanRunsMarkdown(
  record: Pick<ReleaseRecord, 'scanRuns' | 'sections' | 'unknownItems'>,
  t: (ms: number | null) => string,
  who: (id: string | null) => string,
): string[] {
  const out = ['## Repository scans', ''];
  if (!record.scanRuns.length) return [...out, '_No repository scans recorded._', ''];
  const texts = new Map(
    [...record.sections.flatMap((s) => s.groups.flatMap((g) => g.items)), ...record.unknownItems].map((i) => [
      i.id,
      i.text,
    ]),
  );
  const names = (ids: string[]) =>
    ids.length ? ids.map((id) => oneLine(texts.get(id) ?? id)).join('; ') : 'none';
  for (const run of record.scanRuns) {
    const r = run.report;
    out.push(
      `### Scan ${run.id} — ${run.commit ? `commit ${shortCommit(run.commit)}` : 'no git commit'}`,
      '',
    );
    out.push(
      `Received ${t(run.receivedAt)} from ${who(run.submittedBy)} (via ${run.via}); scanned ${t(run.startedAt)}` +
        `${run.commit ? ` at commit ${run.commit}` : ''}${run.appRoot ? `, app in \`${oneLine(run.appRoot)}\`` : ''}: ` +
        `${run.pass} pass, ${run.warn} warn, ${run.fail} fail, ${run.unknown} unknown; ` +
        `${r.files.scanned} files read, ${r.files.skipped} skipped.`,
      '',
      `- Ticked (verified by scan): ${names(run.effects.ticked)}`,
      `- Marked failing: ${names(run.effects.failing)}`,
      `- Warnings left to people: ${names(run.effects.flagged)}`,
      '',
    );
    if (r.items.length)
      out.push(
        table(
          ['Item', 'Verdict', 'Summary', 'Evidence', 'Fix'],
          r.items.map((i) => [
            i.text || i.item,
            i.verdict,
            i.summary,
            i.evidence.map((e) => `${e.path}:${e.line} ${e.text}`).join(' · '),
            i.fix,
          ]),
        ),
        '',
      );
    if (r.notes.length)
      out.push(`Files noted: ${r.notes.map((n) => `${n.path} (${n.note})`).join('; ')}`, '');
  }
  return out;
}
