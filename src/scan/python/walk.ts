import type { SyntaxNode } from '@lezer/common';

/**
 * Every node under `root` (itself included) in document order, walked with a TreeCursor: a file nested
 * thousands of levels deep cannot overflow the stack the way a recursive walk would.
 */
export function* descendants(root: SyntaxNode, names?: readonly string[]): Generator<SyntaxNode> {
  const cursor = root.cursor();
  let depth = 0;
  for (;;) {
    // Materialising a node costs its depth in a buffer tree: only for the ones asked for.
    if (!names || names.includes(cursor.name)) yield cursor.node;
    if (cursor.firstChild()) {
      depth++;
      continue;
    }
    for (;;) {
      if (depth === 0) return;
      if (cursor.nextSibling()) break;
      cursor.parent();
      depth--;
    }
  }
}

/** Nodes under `root` whose type name is one of `names`. */
export function* nodesNamed(root: SyntaxNode, ...names: string[]): Generator<SyntaxNode> {
  yield* descendants(root, names);
}

/** Direct children, in order. */
export function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) out.push(child);
  return out;
}

/** The nearest ancestor named one of `names` (not `node` itself). */
export function ancestor(node: SyntaxNode, ...names: string[]): SyntaxNode | undefined {
  for (let up = node.parent; up; up = up.parent) if (names.includes(up.name)) return up;
  return undefined;
}
