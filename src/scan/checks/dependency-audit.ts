import { result, type ScanCheck } from '../types.js';
import { ciValues, isCiFile, isPreCommitFile } from './ci-files.js';

/**
 * The dependency scanners a reviewer accepts, as they appear in a step's command or action reference.
 * These test one shell command or action string read from the YAML tree, not source code.
 */
const SCANNERS: { name: string; re: RegExp; key?: string }[] = [
  { name: 'pip-audit', re: /\bpip[-_]audit\b/ },
  { name: 'safety', re: /^python-safety-dependencies-check$/, key: 'id' },
  { name: 'safety', re: /\bsafety\s+(check|scan)\b/ },
  { name: 'osv-scanner', re: /\bosv-scanner\b/ },
  { name: 'trivy fs', re: /\btrivy\s+(fs|filesystem|repo(sitory)?)\b/ },
  { name: 'snyk', re: /\bsnyk\s+test\b|^snyk\/actions\/python/ },
  { name: 'dependency-review-action', re: /^actions\/dependency-review-action@/, key: 'uses' },
  // GitLab's own scanner, pulled in by `include: - template: Jobs/Dependency-Scanning.gitlab-ci.yml`.
  {
    name: 'GitLab dependency scanning',
    re: /(^|\/)Dependency-Scanning(\.latest)?\.gitlab-ci\.yml$/,
    key: 'template',
  },
];

export const dependencyAuditCheck: ScanCheck = {
  id: 'dependency-audit',
  title:
    'CI or pre-commit runs a dependency vulnerability scan (pip-audit, safety, osv-scanner, trivy fs, snyk, dependency review)',
  run(repo) {
    const ciFiles = repo.files.map((f) => f.path).filter(isCiFile);
    const values = ciValues(repo, (p) => isCiFile(p) || isPreCommitFile(p));
    const hits = values.flatMap((v) =>
      SCANNERS.flatMap((s) => {
        if (s.key && s.key !== v.key) return [];
        // The last mention in a block is the one that runs it (`pip install pip-audit` comes first).
        const last = [...v.value.matchAll(new RegExp(s.re.source, 'g'))].at(-1);
        return last ? [{ v, name: s.name, line: v.lineAt(last.index) }] : [];
      }),
    );
    // trivy-action scans an image unless told `scan-type: fs`; count it only then.
    const trivyAction = values.filter(
      (v) => v.key === 'uses' && v.value.startsWith('aquasecurity/trivy-action'),
    );
    const fsScan = values.filter((v) => v.key === 'scan-type' && /^(fs|filesystem|repo)$/.test(v.value));
    for (const v of trivyAction)
      if (fsScan.some((f) => f.path === v.path)) hits.push({ v, name: 'trivy fs', line: v.line });
    if (hits.length > 0) {
      const names = [...new Set(hits.map((h) => h.name))].join(', ');
      const where = [...new Set(hits.map((h) => h.v.path))].join(', ');
      return result(
        'pass',
        `${names} in ${where}`,
        `${where} runs ${names}. Whether its findings block the pipeline is in the step itself.`,
        '',
        hits.map((h) => repo.evidence(h.v.path, h.line)),
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
    const named =
      parsedCi.length > 3
        ? `${parsedCi.length} CI files (${parsedCi.slice(0, 3).join(', ')}, …)`
        : parsedCi.join(', ');
    return result(
      'fail',
      'CI runs no dependency vulnerability scan',
      `${named} ${parsedCi.length === 1 ? 'has' : 'have'} no pip-audit, safety, osv-scanner or trivy fs step, and no pre-commit hook runs one.`,
      'Add a step: `pipx run pip-audit -r requirements.txt` (or `uses: pypa/gh-action-pip-audit`), failing the job on findings.',
      parsedCi.slice(0, 3).map((p) => repo.evidence(p, 1)),
    );
  },
};
