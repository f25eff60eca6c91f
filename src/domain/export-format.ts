/** Small text helpers shared by the markdown export renderers. */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** `2026-01-31 14:05:09` in the given IANA zone; the document states the zone once in its header. */
export function formatTime(ms: number | null, timeZone: string): string {
  if (ms === null) return '—';
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** Free text from users and probes is one line in the document, whatever it contains. */
export const oneLine = (s: string) => s.replace(/\s*[\r\n]+\s*/g, ' ').trim();

/**
 * A table cell: a `|` would end the cell early and a newline would end the row. Backslashes right before a
 * pipe are doubled too: escaping the pipe of `a\|b` alone gives `a\\|b`, an escaped backslash and a live pipe.
 */
export const cell = (s: string | number | null | undefined) =>
  s === null || s === undefined || s === ''
    ? '—'
    : oneLine(String(s)).replace(/(\\*)\|/g, (_m, bs: string) => `${bs}${bs}\\|`);

export function table(headers: string[], rows: (string | number | null | undefined)[][]): string {
  const line = (cells: (string | number | null | undefined)[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(headers), `|${headers.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

/** "Alice (U123)" when a display name was seen in Slack, else the bare ID. */
export const personName = (names: Record<string, string>, id: string | null) => {
  if (!id) return '—';
  const n = names[id];
  return n ? `${n} (${id})` : id;
};

export const compactJson = (v: unknown) =>
  v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
