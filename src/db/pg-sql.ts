/**
 * The repositories build their SQL once, with drizzle's SQLite dialect (one schema, one set of queries for
 * both engines). Postgres reads the same text after four mechanical changes: `?` placeholders become
 * `$1…$n`, a conflict target loses its table prefix, the marker `DEFAULT_MARK` (an autoincrement id the insert leaves to the database) becomes
 * DEFAULT, and the few engine-specific fragments written through `sqlFor` already carry the Postgres form.
 * Quoted identifiers and string literals are copied untouched.
 */
export const DEFAULT_MARK = 'null /*dc:default*/';

export function toPostgresSql(text: string): string {
  return unqualifyConflictTarget(translate(text));
}

/** SQLite accepts `on conflict ("outbox"."key")`; Postgres wants the bare column names. */
const unqualifyConflictTarget = (text: string) =>
  text.replace(
    /on conflict \(([^)]*)\)/g,
    (_m, cols: string) => `on conflict (${cols.replace(/"[^"]+"\./g, '')})`,
  );

function translate(text: string): string {
  let out = '';
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      const end = closingQuote(text, i, c);
      out += text.slice(i, end + 1);
      i = end;
    } else if (c === '?') {
      n += 1;
      out += `$${n}`;
    } else if (c === 'n' && text.startsWith(DEFAULT_MARK, i)) {
      out += 'default';
      i += DEFAULT_MARK.length - 1;
    } else {
      out += c;
    }
  }
  return out;
}

function closingQuote(text: string, start: number, quote: string): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === quote) {
      if (text[i + 1] === quote) i += 1;
      else return i;
    }
  }
  return text.length - 1;
}
