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

export const pythonReader: Reader<PythonModule> = {
  name: 'python',
  parse(source, path) {
    let tree: Tree;
    try {
      tree = parser.parse(source);
    } catch (error) {
      // lezer builds some deeply nested trees (50,000 brackets) recursively; the file becomes a note instead.
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
