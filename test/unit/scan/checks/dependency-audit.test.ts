import { describe, expect, it } from 'vitest';
import { dependencyAuditCheck } from '../../../../src/scan/checks/dependency-audit.js';
import { checkOnTmpRepo, fixture } from '../../../helpers/scan-repo.js';

const check = checkOnTmpRepo(dependencyAuditCheck);

describe('scan:dependency-audit', () => {
  it('passes on a pip-audit step in a GitHub Actions run block, with that line', async () => {
    const r = await check({}, { from: fixture('ops-ready') });
    expect(r.verdict).toBe('pass');
    expect(r.evidence).toEqual([
      { path: '.github/workflows/ci.yml', line: 14, text: 'pip-audit -r requirements.txt --strict' },
    ]);
  });

  it('passes on pypa/gh-action-pip-audit, a GitLab osv-scanner script line, and a pre-commit safety hook', async () => {
    const r = await check({
      '.github/workflows/audit.yml':
        'jobs:\n  a:\n    steps:\n      - uses: pypa/gh-action-pip-audit@v1.1.0\n',
      '.gitlab-ci.yml':
        'audit:\n  image: python:3.12\n  script:\n    - pip install -r requirements.txt\n    - osv-scanner --lockfile=requirements.txt\n',
      '.pre-commit-config.yaml':
        'repos:\n  - repo: https://github.com/Lucas-C/pre-commit-hooks-safety\n    rev: v1.3.3\n    hooks:\n      - id: python-safety-dependencies-check\n',
    });
    expect(r.verdict).toBe('pass');
    expect(r.summary).toBe(
      'pip-audit, osv-scanner, safety in .github/workflows/audit.yml, .gitlab-ci.yml, .pre-commit-config.yaml',
    );
    expect(r.evidence.map((e) => `${e.path}:${e.line} ${e.text}`)).toEqual([
      '.github/workflows/audit.yml:4 - uses: pypa/gh-action-pip-audit@v1.1.0',
      '.gitlab-ci.yml:5 - osv-scanner --lockfile=requirements.txt',
      '.pre-commit-config.yaml:5 - id: python-safety-dependencies-check',
    ]);
  });

  it("counts GitLab's dependency-scanning template and GitHub's dependency review", async () => {
    const r = await check({
      '.gitlab-ci.yml': 'include:\n  - template: Jobs/Dependency-Scanning.gitlab-ci.yml\nstages: [test]\n',
      '.github/workflows/review.yml':
        'on: pull_request\njobs:\n  r:\n    steps:\n      - uses: actions/dependency-review-action@v4\n',
    });
    expect(r.verdict).toBe('pass');
    expect(r.evidence.map((e) => `${e.path}:${e.line}`)).toEqual([
      '.github/workflows/review.yml:5',
      '.gitlab-ci.yml:2',
    ]);
  });

  it('counts trivy-action only when it scans the filesystem', async () => {
    const image =
      'jobs:\n  t:\n    steps:\n      - uses: aquasecurity/trivy-action@0.28.0\n        with:\n          image-ref: app:latest\n';
    expect((await check({ '.github/workflows/t.yml': image })).verdict).toBe('fail');
    const fs = image.replace('image-ref: app:latest', 'scan-type: fs');
    const r = await check({ '.github/workflows/t.yml': fs });
    expect(r).toMatchObject({ verdict: 'pass', evidence: [{ line: 4 }] });
  });

  it('fails when CI exists without an audit step, as in the full-stack template', async () => {
    const r = await check({}, { from: fixture('template-like') });
    expect(r.verdict).toBe('fail');
    expect(r.evidence).toEqual([
      { path: '.github/workflows/test-backend.yml', line: 1, text: 'name: Test Backend' },
    ]);
  });

  it('says unknown with no CI configuration at all', async () => {
    const r = await check({ 'app/main.py': 'x = 1\n' });
    expect(r.verdict).toBe('unknown');
  });
});
