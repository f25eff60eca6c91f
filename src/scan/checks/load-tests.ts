import { pythonReader } from '../readers/python.js';
import { walkTree } from '../readers/walk-tree.js';
import { type RepoView, result, type ScanCheck, type ScanEvidence } from '../types.js';

/** `import … from 'k6'` / `'k6/http'` at the start of a line: k6 scripts are ES modules importing k6's own modules. */
const K6_IMPORT = /^\s*import\s[^;]*?\bfrom\s+['"]k6(\/[\w-]+)?['"]/;

/** Python files importing locust, read from the lezer tree. */
function locustFiles(repo: RepoView): ScanEvidence[] {
  const out: ScanEvidence[] = [];
  for (const f of repo.files) {
    if (!f.path.endsWith('.py')) continue;
    const named = /(^|\/)locustfile[^/]*\.py$/.test(f.path);
    if (!named && !repo.read(f.path)?.includes('locust')) continue;
    const mod = repo.parse(f.path, pythonReader);
    if (!mod) continue;
    let line = 0;
    walkTree(mod.tree, (n) => {
      if (n.name !== 'ImportStatement') return n.name === 'Script' ? undefined : false;
      const first = n.node.getChild('VariableName');
      if (first && mod.text(first) === 'locust') {
        line = mod.line(n.from);
        return 'stop';
      }
      return false;
    });
    if (line) out.push(repo.evidence(f.path, line));
  }
  return out;
}

/** JavaScript/TypeScript files that import k6 (a content marker on an import line; k6 scripts are small). */
function k6Files(repo: RepoView): ScanEvidence[] {
  const out: ScanEvidence[] = [];
  for (const f of repo.files) {
    if (!/\.(m?js|ts)$/.test(f.path)) continue;
    const text = repo.read(f.path);
    if (!text?.includes('k6')) continue;
    const lines = text.split('\n');
    const i = lines.findIndex((l) => K6_IMPORT.test(l));
    if (i >= 0) out.push(repo.evidence(f.path, i + 1));
  }
  return out;
}

export const loadTestsCheck: ScanCheck = {
  id: 'load-tests',
  title: 'A load-test script exists (locust, k6)',
  run(repo) {
    const evidence = [...locustFiles(repo), ...k6Files(repo)];
    if (evidence.length === 0)
      return result(
        'unknown',
        'no load-test script in the repository',
        'No locustfile or k6 script here. Load tests may live elsewhere; whether the service held 2–3× peak is for people to say.',
        '',
      );
    const files = [...new Set(evidence.map((e) => e.path))].join(', ');
    // A script shows load testing is set up, not that it ran at 2–3× peak against this release: warn, not pass.
    return result(
      'warn',
      `load-test script: ${files}`,
      `${files} ${evidence.length === 1 ? 'is a load test' : 'are load tests'}; the repository cannot show that it ran at 2–3× the expected peak against this release, so the item stays with people.`,
      'Run it at 2–3× the expected peak against staging and record the result (p95, error rate) in the release thread.',
      evidence,
    );
  },
};
