import type { Reader } from '../types.js';

/** One Caddyfile line: a directive (or site addresses) with its arguments and, when it opens `{`, a block. */
export interface CaddyDirective {
  name: string;
  args: string[];
  line: number;
  children: CaddyDirective[] | undefined;
}

export interface Caddyfile {
  path: string;
  /** Site blocks: `name` is the first address, `args` the others; the global options block has name ''. */
  sites: CaddyDirective[];
}

interface Token {
  text: string;
  line: number;
  /** A `{` or `}` written as its own token (placeholders like `{$HOST}` are words). */
  brace: boolean;
}

/**
 * No Caddyfile parser is published on npm, and the format is a small line/brace language (Caddy's own
 * lexer is ~200 lines of Go): words split on spaces, "quoted" and `backtick` strings, `#` comments, `\`
 * line continuations, and `{`/`}` only as whole words open and close blocks.
 */
function tokenize(source: string): Token[][] {
  const lines: Token[][] = [];
  let current: Token[] = [];
  let line = 1;
  let i = 0;
  const endLine = () => {
    if (current.length) lines.push(current);
    current = [];
  };
  while (i < source.length) {
    const c = source[i] ?? '';
    if (c === '\n') {
      endLine();
      line++;
      i++;
    } else if (c === '\\' && source[i + 1] === '\n') {
      line++;
      i += 2;
    } else if (/\s/.test(c)) i++;
    else if (c === '#') while (i < source.length && source[i] !== '\n') i++;
    else {
      const start = line;
      let text = '';
      if (c === '"' || c === '`') {
        i++;
        while (i < source.length && source[i] !== c) {
          if (source[i] === '\\' && c === '"') i++;
          if (source[i] === '\n') line++;
          text += source[i++] ?? '';
        }
        i++;
        current.push({ text, line: start, brace: false });
        continue;
      }
      while (i < source.length && !/\s/.test(source[i] ?? '')) text += source[i++] ?? '';
      current.push({ text, line: start, brace: text === '{' || text === '}' });
    }
  }
  endLine();
  return lines;
}

function build(lines: Token[][], at: { i: number }): CaddyDirective[] {
  const out: CaddyDirective[] = [];
  while (at.i < lines.length) {
    const tokens = lines[at.i++] ?? [];
    if (tokens[0]?.brace && tokens[0].text === '}') return out;
    const opens = tokens.at(-1)?.brace === true && tokens.at(-1)?.text === '{';
    const words = (opens ? tokens.slice(0, -1) : tokens).map((t) => t.text);
    out.push({
      name: words[0] ?? '',
      args: words.slice(1),
      line: tokens[0]?.line ?? 0,
      children: opens ? build(lines, at) : undefined,
    });
  }
  return out;
}

export const caddyfileReader: Reader<Caddyfile> = {
  name: 'caddyfile',
  parse(source, path) {
    const top = build(tokenize(source), { i: 0 });
    // A Caddyfile with one site may leave out the braces: its first line is the address, the rest directives.
    const [first, ...rest] = top;
    const sites =
      first && !first.children && rest.every((d) => !d.children) ? [{ ...first, children: rest }] : top;
    return { path, sites };
  },
};
