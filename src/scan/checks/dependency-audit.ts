import { result, type ScanCheck } from '../types.js';
import { ciValues, isCiFile, isPreCommitFile } from './ci-files.js';

/**
 * The dependency scanners a reviewer accepts, as they appear in a step's command or action reference.
 * These test one shell command or action string read from the YAML tree, not source code.
 */
const SCANNERS: { name: string; test: (key: string, v: string) => boolean }[] = [
  { name: 'pip-audit', test: (_k, v) => /\bpip[-_]audit\b/.test(v) },
  {
    name: 'safety',
    test: (k, v) =>
      (k === 'id' && v === 'python-safety-dependencies-check') || /\bsafety\s+(check|scan)\b/.test(v),
  },
  { name: 'osv-scanner', test: (_k, v) => /\bosv-scanner\b/.test(v) },
  { name: 'trivy fs', test: (_k, v) => /\btrivy\s+(fs|filesystem|repo(sitory)?)\b/.test(v) },
];

export const dependencyAuditCheck: ScanCheck = {
  id: 'dependency-audit',
  title: 'CI or pre-commit runs a dependency vulnerability scan (pip-audit, safety, osv-scanner, trivy fs)',
  run(repo) {
    const ciFiles = repo.files.map((f) => f.path).filter(isCiFile);
    const values = ciValues(repo, (p) => isCiFile(p) || isPreCommitFile(p));
    const hits = values.flatMap((v) => SCANNERS.filter((s) => s.test(v.key, v.value)).map((s) => ({ v, s })));
    // trivy-action scans an image unless told `scan-type: fs`; count it only then.
    const trivyAction = values.filter(
      (v) => v.key === 'uses' && v.value.startsWith('aquasecurity/trivy-action'),
    );
    const fsScan = values.filter((v) => v.key === 'scan-type' && /^(fs|filesystem|repo)$/.test(v.value));
    for (const v of trivyAction)
      if (fsScan.some((f) => f.path === v.path)) hits.push({ v, s: { name: 'trivy fs', test: () => true } });
    if (hits.length > 0) {
      const names = [...new Set(hits.map((h) => h.s.name))].join(', ');
      const where = [...new Set(hits.map((h) => h.v.path))].join(', ');
      return result(
        'pass',
        `${names} in ${where}`,
        `${where} runs ${names}. Whether its findings block the pipeline is in the step itself.`,
        '',
        hits.map((h) => repo.evidence(h.v.path, h.v.line)),
      );
    }
    const parsedCi = ciFiles.filter((p) => values.some((v) => v.path === p) || repo.read(p) !== undefined);
    if (parsedCi.length === 0)
      return result(
        'unknown',
        'no CI configuration in the repository',
        'No GitHub Actions workflow or .gitlab-ci.yml here: CI may be configured elsewhere, so the scan cannot tell.',
        '',
      );
    return result(
      'fail',
      'CI runs no dependency vulnerability scan',
      `${parsedCi.join(', ')} ${parsedCi.length === 1 ? 'has' : 'have'} no pip-audit, safety, osv-scanner or trivy fs step, and no pre-commit hook runs one.`,
      'Add a step: `pipx run pip-audit -r requirements.txt` (or `uses: pypa/gh-action-pip-audit`), failing the job on findings.',
      parsedCi.map((p) => repo.evidence(p, 1)),
    );
  },
};
