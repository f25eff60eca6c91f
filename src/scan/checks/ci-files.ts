import { isPair, isScalar, visit } from 'yaml';
import { yamlReader } from '../readers/yaml.js';
import type { RepoView } from '../types.js';

/** GitHub Actions workflows and GitLab CI files (the main one and the ones it includes from .gitlab/). */
export const isCiFile = (p: string) =>
  /^\.github\/workflows\/[^/]+\.ya?ml$/.test(p) ||
  /(^|\/)\.gitlab-ci\.ya?ml$/.test(p) ||
  /^\.gitlab\/.+\.ya?ml$/.test(p);
export const isPreCommitFile = (p: string) => /(^|\/)\.pre-commit-config\.ya?ml$/.test(p);

/** One string a CI or pre-commit file gives a key (`run:`, `script:` items, `uses:`, `id:`…), with its line. */
export interface CiValue {
  path: string;
  line: number;
  key: string;
  value: string;
  /** The source line of a character of `value` (a `run: |` block spans lines). */
  lineAt(index: number): number;
}

/**
 * Every scalar value of the YAML files `which` selects, with the key it sits under (a sequence item takes
 * its parent's key: GitLab's `script:` lists). Parsed with the yaml reader, so an alias bomb is a note.
 */
export function ciValues(repo: RepoView, which: (path: string) => boolean): CiValue[] {
  const out: CiValue[] = [];
  for (const f of repo.files) {
    if (!which(f.path)) continue;
    const file = repo.parse(f.path, yamlReader);
    if (!file) continue;
    for (const { doc } of file.docs)
      visit(doc, {
        Scalar(_key, node, path) {
          const pair = [...path].reverse().find(isPair);
          if (!pair || pair.key === node || typeof node.value !== 'string' || !node.range) return;
          const key = isScalar(pair.key) ? String(pair.key.value) : '';
          const line = file.line(node.range[0]);
          const value = node.value;
          const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
          // A literal block's lines start on the line after its `|`; a folded one is pinned to its first line.
          const lineAt = (i: number) =>
            !block
              ? line
              : node.type === 'BLOCK_FOLDED'
                ? line + 1
                : line + 1 + (value.slice(0, i).match(/\n/g)?.length ?? 0);
          out.push({ path: f.path, line, key, value, lineAt });
        },
      });
  }
  return out;
}
