import { type Document, LineCounter, parseAllDocuments } from 'yaml';
import type { Reader } from '../types.js';

/**
 * A YAML file as its documents (Kubernetes manifests are often several per file), each kept as the `yaml`
 * package's Document so checks can ask a node's range, plus its plain value. Plain values come from
 * `toJS({ maxAliasCount })`: an alias bomb throws instead of expanding into gigabytes, and the engine turns
 * that throw into a per-file note.
 */
export interface YamlFile {
  readonly path: string;
  readonly docs: readonly { readonly doc: Document.Parsed; readonly value: unknown }[];
  /** 1-based line of a source offset (a node's `range[0]`). */
  line(pos: number): number;
}

const MAX_ALIASES = 100;

export const yamlReader: Reader<YamlFile> = {
  name: 'yaml',
  parse(source, path) {
    const lineCounter = new LineCounter();
    const parsed = parseAllDocuments(source, { lineCounter, prettyErrors: false });
    const all = Array.isArray(parsed) ? parsed : [];
    const docs = all.map((doc) => {
      const first = doc.errors[0];
      if (first) throw new Error(`not valid YAML: ${first.message.split('\n')[0]}`);
      return { doc, value: doc.toJS({ maxAliasCount: MAX_ALIASES }) as unknown };
    });
    return { path, docs, line: (pos) => lineCounter.linePos(pos).line };
  },
};
