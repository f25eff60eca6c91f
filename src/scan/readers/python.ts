import type { SyntaxNode, Tree } from '@lezer/common';
import { parser } from '@lezer/python';
import type { Reader } from '../types.js';

/** A Python module parsed by lezer: the tree plus the source, with node text and 1-based lines. */
export interface PythonModule {
  readonly path: string;
  readonly source: string;
  readonly tree: Tree;
  text(node: SyntaxNode): string;
  /** 1-based line of a source offset. */
  line(pos: number): number;
}

function lineStarts(source: string): number[] {
  const starts = [0];
  for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** CPython's tokenizer refuses more than 200 nested brackets (MAXLEVEL), so deeper is not Python. */
const MAX_NESTING = 200;

/**
 * The deepest bracket nesting, counted naively (brackets inside strings count too: a false alarm needs
 * 200 unclosed brackets in string literals). lezer's error recovery on 50,000 nested brackets takes
 * seconds, so such a file becomes a note instead.
 */
function nestingOver(source: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) {
      if (++depth > limit) return true;
    } else if ((c === 41 || c === 93 || c === 125) && depth > 0) depth--;
  }
  return false;
}

export const pythonReader: Reader<PythonModule> = {
  name: 'python',
  parse(source, path) {
    if (nestingOver(source, MAX_NESTING))
      throw new Error(`brackets nested deeper than ${MAX_NESTING} levels (CPython's limit): not parsed`);
    let tree: Tree;
    try {
      tree = parser.parse(source);
    } catch (error) {
      // lezer builds some deeply nested trees recursively; the file becomes a note instead of a crash.
      if (error instanceof RangeError) throw new Error('Python nested too deeply to parse; not read');
      throw error;
    }
    let starts: number[] | undefined;
    return {
      path,
      source,
      tree,
      text: (node) => source.slice(node.from, node.to),
      line(pos) {
        starts ??= lineStarts(source);
        let lo = 0;
        let hi = starts.length - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if ((starts[mid] ?? 0) <= pos) lo = mid;
          else hi = mid - 1;
        }
        return lo + 1;
      },
    };
  },
};
