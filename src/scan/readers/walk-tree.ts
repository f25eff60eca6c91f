import type { SyntaxNode, SyntaxNodeRef, Tree } from '@lezer/common';

/**
 * Visits every node of a lezer tree (or under one node) in document order with a TreeCursor, never by
 * recursion, so a file of 50,000 nested brackets cannot overflow the stack. `enter` returning false skips
 * that node's children; returning 'stop' ends the walk.
 */
export function walkTree(
  from: Tree | SyntaxNode,
  enter: (node: SyntaxNodeRef) => boolean | 'stop' | undefined,
): void {
  const cursor = from.cursor();
  const depth0 = 0;
  let depth = depth0;
  for (;;) {
    const r = enter(cursor);
    if (r === 'stop') return;
    if (r !== false && cursor.firstChild()) {
      depth++;
      continue;
    }
    for (;;) {
      if (depth === depth0) return;
      if (cursor.nextSibling()) break;
      cursor.parent();
      depth--;
    }
  }
}
