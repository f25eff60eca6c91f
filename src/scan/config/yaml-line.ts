import { isMap, isScalar, isSeq } from 'yaml';
import type { YamlFile } from '../readers/yaml.js';

export type YamlPath = readonly (string | number)[];

/**
 * 1-based line of the key at `path` in document `doc` (the key's own line, not its value's), or of the
 * deepest ancestor that exists: evidence points at `resources:` rather than the first line under it.
 */
export function yamlLine(file: YamlFile, doc: number, path: YamlPath): number {
  const document = file.docs[doc]?.doc;
  if (!document) return 1;
  let node: unknown = document.contents;
  let line = isRanged(node) ? file.line(node.range[0]) : 1;
  for (const key of path) {
    let next: unknown;
    let at: number | undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
      next = pair?.value;
      at = isRanged(pair?.key) ? pair.key.range[0] : undefined;
    } else if (isSeq(node) && typeof key === 'number') {
      next = node.items[key];
      at = isRanged(next) ? next.range[0] : undefined;
    }
    if (at === undefined) return line;
    line = file.line(at);
    node = next;
  }
  return line;
}

function isRanged(node: unknown): node is { range: [number, number, number] } {
  return typeof node === 'object' && node !== null && Array.isArray((node as { range?: unknown }).range);
}
