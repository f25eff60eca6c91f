import type { ScanItemResult, ScanReport, ScanVerdict } from '../model/scan-report.js';

const COLORS: Record<ScanVerdict, string> = {
  pass: '\x1b[32m',
  warn: '\x1b[33m',
  fail: '\x1b[31m',
  unknown: '\x1b[90m',
};
const ORDER: Record<ScanVerdict, number> = { fail: 0, warn: 1, unknown: 2, pass: 3 };
const LABEL: Record<ScanVerdict, string> = { fail: 'FAIL', warn: 'WARN', unknown: '  ? ', pass: 'PASS' };
const MAX_NOTES = 20;

/** The scan for people, in the probes' voice: failures first, each with its lines, why and how to fix. */
export function renderScanText(r: ScanReport, color: boolean): string {
  const paint = (v: ScanVerdict, s: string) => (color ? `${COLORS[v]}${s}\x1b[0m` : s);
  const where = r.appRoot ? ` (app in ${r.appRoot}/)` : '';
  const at = r.commit ? ` at ${r.commit.slice(0, 12)}` : '';
  const lines = [`Scanning ${r.root}${where}${at} (${r.durationMs} ms)`, ''];
  const items = [...r.items].sort((a, b) => ORDER[a.verdict] - ORDER[b.verdict]);
  for (const i of items) lines.push(...renderItem(i, paint));
  const s = r.summary;
  lines.push(
    `${s.pass} passed, ${s.warn} warned, ${s.fail} failed, ${s.unknown} unknown` +
      ` · ${r.files.scanned} files, ${r.files.skipped} skipped, ${r.notes.length} ${r.notes.length === 1 ? 'note' : 'notes'}`,
  );
  if (r.notes.length > 0) {
    lines.push('', 'Notes:');
    for (const n of r.notes.slice(0, MAX_NOTES)) lines.push(`  ${n.path}: ${n.note}`);
    if (r.notes.length > MAX_NOTES)
      lines.push(`  … and ${r.notes.length - MAX_NOTES} more (--json lists them all)`);
  }
  return `${lines.join('\n')}\n`;
}

function renderItem(i: ScanItemResult, paint: (v: ScanVerdict, s: string) => string): string[] {
  const pad = '      ';
  const out = [`${paint(i.verdict, LABEL[i.verdict])}  ${i.item}  ${i.summary}`];
  const shown = i.verdict === 'pass' ? i.evidence.slice(0, 1) : i.evidence.slice(0, 5);
  for (const e of shown) out.push(`${pad}${e.path}:${e.line}  ${e.text}`);
  if (i.evidence.length > shown.length) out.push(`${pad}… ${i.evidence.length - shown.length} more`);
  if (i.verdict !== 'pass' && i.why) out.push(`${pad}${i.why}`);
  if ((i.verdict === 'fail' || i.verdict === 'warn') && i.fix) out.push(`${pad}→ ${i.fix}`);
  out.push('');
  return out;
}
