import { NginxParser } from 'nginx-conf';
import type { NginxParseTreeNode } from 'nginx-conf/dist/src/parser.js';
import type { Reader } from '../types.js';

/** One nginx directive: `name args;` or `name args { children }`, with its 1-based line. */
export interface NginxDirective {
  name: string;
  args: string;
  line: number;
  children: NginxDirective[] | undefined;
}

export interface NginxConfig {
  path: string;
  directives: NginxDirective[];
}

/**
 * nginx-conf gives a tree without positions, so lines come from walking the text alongside the tree: each
 * directive starts at the next word after the previous one's `;`, `{` or `}`, skipping comments and quoted
 * strings. The parser decides the structure; the walk only finds where each piece starts.
 */
function createLocator(source: string) {
  let pos = 0;
  let lineNo = 1;
  const advance = () => {
    if (source.charCodeAt(pos) === 10) lineNo++;
    pos++;
  };
  const skipBlank = () => {
    while (pos < source.length) {
      const c = source[pos];
      if (c === '#') while (pos < source.length && source[pos] !== '\n') advance();
      else if (c === ' ' || c === '\t' || c === '\r' || c === '\n') advance();
      else return;
    }
  };
  const skipPast = (stops: string) => {
    let quote = '';
    while (pos < source.length) {
      const c = source[pos] ?? '';
      if (quote) {
        if (c === '\\') advance();
        else if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '#' && /\s/.test(source[pos - 1] ?? ' ')) {
        while (pos < source.length && source[pos] !== '\n') advance();
        continue;
      } else if (stops.includes(c)) {
        advance();
        return;
      }
      advance();
    }
  };
  return {
    start(): number {
      skipBlank();
      return lineNo;
    },
    endDirective: () => skipPast(';'),
    openBlock: () => skipPast('{'),
    closeBlock: () => skipPast('}'),
  };
}

function convert(
  nodes: readonly NginxParseTreeNode[],
  at: ReturnType<typeof createLocator>,
): NginxDirective[] {
  return nodes.map((node) => {
    const line = at.start();
    if (!node.isBlock) {
      at.endDirective();
      return { name: node.name, args: String(node.value ?? ''), line, children: undefined };
    }
    at.openBlock();
    // Verbatim blocks (lua) keep their body as text; their braces are not directives.
    const children = node.isVerbatim ? [] : convert(node.children ?? [], at);
    at.closeBlock();
    return { name: node.name, args: String(node.value ?? ''), line, children };
  });
}

/** An nginx configuration file through nginx-conf's parser (MIT, typed, keeps directive order and repeats). */
export const nginxReader: Reader<NginxConfig> = {
  name: 'nginx',
  parse(source, path) {
    let failure: Error | null = null;
    let root: NginxParseTreeNode | undefined;
    // The parser calls back synchronously; it never does I/O for parse().
    new NginxParser().parse(source, (err, tree) => {
      failure = err;
      root = tree;
    });
    if (failure || !root) throw new Error(`not a valid nginx configuration: ${String(failure ?? 'no tree')}`);
    return { path, directives: convert(root.children ?? [], createLocator(source)) };
  },
};

/** Every directive under `directives`, depth first, with its ancestors (outermost first). */
export function* walkNginx(
  directives: readonly NginxDirective[],
  parents: readonly NginxDirective[] = [],
): Generator<{ directive: NginxDirective; parents: readonly NginxDirective[] }> {
  for (const directive of directives) {
    yield { directive, parents };
    if (directive.children) yield* walkNginx(directive.children, [...parents, directive]);
  }
}
