/**
 * Masks secrets in one line of evidence before it is printed, stored or posted. This decides no verdict:
 * it only errs on the side of hiding a value. Three rules: the value of an assignment to a secret-looking
 * name (`SECRET_KEY=…`, `password: …`, `api_key = "…"`), quoted strings that look like keys or tokens
 * (long, no spaces, letters mixed with digits), and the ranges secretlint flagged on the line.
 */
// Anything naming a secret or password; token/key/dsn/salt/credentials only at the end of the name
// (`ACCESS_TOKEN_EXPIRE_MINUTES` is a number, `GITHUB_TOKEN` is not).
const SECRET_NAME = /(secret|passw(or)?d|passwd|pwd)|(token|key|dsn|salt|credentials?)["']?$/i;
// `NAME = v`, `NAME: v`, `NAME := v`, `export NAME=v`, and a Python annotation `NAME: str = v`.
const ASSIGNMENT =
  /^(\s*(?:export\s+)?["']?([A-Za-z_][\w.-]*)["']?\s*(?::\s*[\w[\]|., ]+?\s*=|:=|=|:)\s*)(.*)$/;
const QUOTED = /(["'])([^"'\s]{16,})\1/g;
export const MASK = '****';

const looksLikeToken = (s: string) =>
  /[A-Za-z]/.test(s) && /\d/.test(s) && !/^https?:\/\/[^@]*$/.test(s) && !/^[\w.]+\.[a-z]{2,4}$/i.test(s);

/** Masks the value part of `KEY=value` keeping its quotes and any trailing comment out of it. */
function maskValue(value: string): string {
  const v = value.trimEnd();
  if (v === '' || v === '""' || v === "''") return value;
  const q = v[0];
  if ((q === '"' || q === "'") && v.indexOf(q, 1) > 0) {
    const end = v.indexOf(q, 1);
    if (end === 1) return value;
    return `${q}${MASK}${v.slice(end)}`;
  }
  // A call or a name (`os.environ["X"]`, `settings.SECRET`) is not a literal secret: leave it readable.
  if (/^[A-Za-z_][\w.]*\s*(\(|\[|$)/.test(v) && !/^[A-Za-z_]\w*$/.test(v) && !v.includes('=')) return value;
  if (/^(None|True|False|null|true|false)$/.test(v)) return value;
  const hash = v.indexOf(' #');
  return hash > 0 ? `${MASK}${v.slice(hash)}` : MASK;
}

export function maskLine(line: string, ranges: readonly (readonly [number, number])[] = []): string {
  let out = line;
  // secretlint ranges first (columns of the raw line), from the right so earlier offsets stay valid.
  for (const [from, to] of [...ranges].sort((a, b) => b[0] - a[0]))
    if (from >= 0 && to > from && to <= out.length) out = `${out.slice(0, from)}${MASK}${out.slice(to)}`;
  const m = ASSIGNMENT.exec(out);
  if (m?.[2] && SECRET_NAME.test(m[2])) out = `${m[1]}${maskValue(m[3] ?? '')}`;
  else {
    // `password="x"` as a keyword argument or `"api_key": "x"` in a dict: mask the literal after the name.
    out = out.replace(
      /\b([A-Za-z_]\w*)(["']?\s*[=:]\s*)(["'])([^"']+)\3/g,
      (all, name: string, eq: string, q: string) =>
        SECRET_NAME.test(name) ? `${name}${eq}${q}${MASK}${q}` : all,
    );
  }
  return out.replace(QUOTED, (all, q: string, body: string) =>
    looksLikeToken(body) ? `${q}${MASK}${q}` : all,
  );
}

/** Trims evidence to 200 characters (after masking, so a cut never reveals half a secret). */
export const evidenceText = (line: string, ranges: readonly (readonly [number, number])[] = []) => {
  const masked = maskLine(line, ranges).trim();
  return masked.length > 200 ? `${masked.slice(0, 199)}…` : masked;
};
