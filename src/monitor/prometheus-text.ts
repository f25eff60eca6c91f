/** One sample line of the Prometheus text exposition format (version 0.0.4, and the OpenMetrics subset). */
export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  timestampMs?: number;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

function parseValue(raw: string): number | undefined {
  switch (raw) {
    case 'NaN':
      return Number.NaN;
    case '+Inf':
    case 'Inf':
      return Number.POSITIVE_INFINITY;
    case '-Inf':
      return Number.NEGATIVE_INFINITY;
  }
  // Number('') is 0 and Number('0x10') is 16; the format allows neither.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw)) return undefined;
  return Number(raw);
}

/** Parses `{a="x",b="y\"z"}` starting at `i` (the `{`); returns the labels and the index after `}`. */
function parseLabels(
  line: string,
  start: number,
): { labels: Record<string, string>; end: number } | undefined {
  const labels: Record<string, string> = {};
  let i = start + 1;
  for (;;) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (line[i] === '}') return { labels, end: i + 1 };
    const m = LABEL_NAME.exec(line.slice(i));
    if (!m) return undefined;
    const name = m[0];
    i += name.length;
    while (line[i] === ' ') i++;
    if (line[i] !== '=') return undefined;
    i++;
    while (line[i] === ' ') i++;
    if (line[i] !== '"') return undefined;
    i++;
    let value = '';
    for (;;) {
      const c = line[i];
      if (c === undefined) return undefined;
      if (c === '"') break;
      if (c === '\\') {
        const n = line[i + 1];
        // Only \\, \" and \n are escapes; any other backslash is kept literally, as Prometheus does.
        if (n === 'n') value += '\n';
        else if (n === '\\' || n === '"') value += n;
        else value += `\\${n ?? ''}`;
        i += 2;
        continue;
      }
      value += c;
      i++;
    }
    i++;
    // Duplicate label names make the series ambiguous; Prometheus rejects the line.
    if (Object.hasOwn(labels, name)) return undefined;
    labels[name] = value;
    while (line[i] === ' ') i++;
    if (line[i] === ',') i++;
    else if (line[i] !== '}') return undefined;
  }
}

function parseLine(line: string): PromSample | undefined {
  const m = NAME.exec(line);
  if (!m) return undefined;
  const name = m[0];
  let i = name.length;
  let labels: Record<string, string> = {};
  if (line[i] === '{') {
    const parsed = parseLabels(line, i);
    if (!parsed) return undefined;
    labels = parsed.labels;
    i = parsed.end;
  }
  const rest = line
    .slice(i)
    .trim()
    .split(/[ \t]+/);
  if (rest.length < 1 || rest.length > 2 || rest[0] === '') return undefined;
  const value = parseValue(rest[0] ?? '');
  if (value === undefined) return undefined;
  const sample: PromSample = { name, labels, value };
  if (rest[1] !== undefined) {
    // OpenMetrics timestamps are seconds with a fraction; the classic format uses integer milliseconds.
    const ts = Number(rest[1]);
    if (!Number.isFinite(ts)) return undefined;
    sample.timestampMs = rest[1].includes('.') ? Math.round(ts * 1000) : ts;
  }
  return sample;
}

/**
 * Parses an exposition body into samples. Never throws: comments, HELP/TYPE lines, blank lines and
 * malformed lines are skipped (a half-broken exporter still yields its good counters). `_created`
 * samples are dropped: they hold creation timestamps, and summing them as counts would swamp the ratio.
 */
export function parsePrometheusText(body: string): PromSample[] {
  const out: PromSample[] = [];
  for (const raw of body.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const s = parseLine(trimmed);
    if (!s || s.name.endsWith('_created')) continue;
    out.push(s);
  }
  return out;
}
