const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '0': '\0',
};

/**
 * The value of one Python string literal as written (`'a'`, `r"a"`, `"""a"""`, `b'a'`); common escapes are
 * decoded, raw strings are not. Works on one literal token, never on a file.
 */
export function stringValue(literal: string): string {
  let i = 0;
  while (i < literal.length && /[rRbBuUfF]/.test(literal[i] ?? '')) i++;
  const raw = literal.slice(0, i).toLowerCase().includes('r');
  const body = literal.slice(i);
  const quote = body.startsWith('"""') || body.startsWith("'''") ? body.slice(0, 3) : body.slice(0, 1);
  const inner = body.slice(quote.length, body.endsWith(quote) ? body.length - quote.length : body.length);
  if (raw) return inner;
  return inner.replace(/\\(.)/gs, (all, c: string) => ESCAPES[c] ?? all);
}

/** A Python number literal (`1_000`, `0x1f`, `1.5e3`); NaN for complex or anything else. */
export function numberValue(literal: string): number {
  const clean = literal.replaceAll('_', '').toLowerCase();
  if (/^0[xob]/.test(clean)) return Number(clean);
  if (clean.endsWith('j')) return Number.NaN;
  return Number(clean.replace(/l$/, ''));
}
