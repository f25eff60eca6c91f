import { describe, expect, it } from 'vitest';
import { startCli } from '../../helpers/run-cli.js';
import { fixture, MINIMAL_APP, type makeRepo, tmpRepos } from '../../helpers/scan-repo.js';

const tmpRepo = tmpRepos();
const repo = (...args: Parameters<typeof makeRepo>) => tmpRepo(...args).dir;
const cli = (...args: string[]) => startCli(['scan', ...args], {}).exited;

describe('deploy-check scan', () => {
  it('exits 2 with a clear message when DIR is missing, holds no FastAPI app, or an option is wrong', async () => {
    const missing = await cli('/nonexistent/deploy-check-scan');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('deploy-check scan: /nonexistent/deploy-check-scan is not a directory\n');
    const flask = repo({ 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' });
    const noApp = await cli(flask);
    expect(noApp.code).toBe(2);
    expect(noApp.stderr).toContain(`no FastAPI app in ${flask}`);
    const format = await cli(repo(MINIMAL_APP), '--format', 'xml');
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--format must be one of text, json, sarif');
    const unknownFlag = await cli(repo(MINIMAL_APP), '--frobnicate');
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toContain("Unknown option '--frobnicate'");
  });

  it('prints its usage with --help and exit 0', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: deploy-check scan \[DIR\]/);
  });

  it('--json prints the report with the stable keys', async () => {
    const dir = repo({ ...MINIMAL_APP, '.env': 'SECRET_KEY=changethis\n' }, { git: true });
    const run = await cli(dir, '--json');
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(
      expect.arrayContaining(['root', 'appRoot', 'commit', 'summary', 'items', 'checks', 'files', 'notes']),
    );
    expect(report.root).toBe(dir);
    expect(report.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it('exits 1 when an item fails and prints failures first with path:line, why and fix', async () => {
    const dir = repo({ '.env': 'SECRET_KEY=changethis\n' }, { git: true, from: fixture('template-like') });
    const run = await cli(dir);
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(
      new RegExp(`^Scanning ${dir} \\(app in backend/\\) at [0-9a-f]{12} \\(\\d+ ms\\)$`),
    );
    expect(lines.slice(2, 6)).toEqual([
      'FAIL  security.environment-variables.no-hardcoded-passwords-or  1 hard-coded secret (literal credential)',
      '      backend/app/core/config.py:76  FIRST_SUPERUSER_PASSWORD: str = "****"',
      expect.stringMatching(/^ {6}Secrets written into tracked files/),
      expect.stringMatching(/^ {6}→ Move each value to the environment/),
    ]);
    expect(run.stdout).toContain(
      'FAIL  security.environment-variables.env-file-is-in  .env is tracked by git\n      .env:1  SECRET_KEY=****\n',
    );
    expect(run.stdout).not.toContain('changethis');
    expect(
      lines.indexOf('FAIL  security.environment-variables.env-file-is-in  .env is tracked by git'),
    ).toBeLessThan(lines.findIndex((l) => l.startsWith('  ?  ')));
    expect(run.stdout).toMatch(
      /\n13 passed, 6 warned, 13 failed, 26 unknown · \d+ files, \d+ skipped, 0 notes\n$/,
    );
  });

  it('--json items carry item, verdict and evidence path/line; --only narrows to the named checks and items', async () => {
    const dir = repo({ '.env': 'SECRET_KEY=changethis\n' }, { git: true, from: fixture('template-like') });
    const run = await cli(dir, '--json', '--only', 'env-file,docs-ops.runbook.rollback-procedure');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as {
      items: { item: string; verdict: string; evidence: { path: string; line: number }[] }[];
    };
    expect(
      report.items.map((i) => ({
        item: i.item,
        verdict: i.verdict,
        evidence: i.evidence.map((e) => [e.path, e.line]),
      })),
    ).toEqual([
      { item: 'security.environment-variables.env-file-is-in', verdict: 'fail', evidence: [['.env', 1]] },
      { item: 'docs-ops.runbook.rollback-procedure', verdict: 'unknown', evidence: [] },
    ]);
  });

  it('--format sarif prints a SARIF 2.1.0 log with error and warning results, and keeps exit 1 for a failure', async () => {
    const dir = repo({ '.env.example': 'SECRET_KEY=\n' }, { git: true, from: fixture('ops-ready') });
    const run = await cli(dir, '--format', 'sarif');
    const sarif = JSON.parse(run.stdout) as {
      version: string;
      runs: { results: { ruleId: string; level: string }[] }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results.map((r) => [r.ruleId, r.level])).toEqual([
      ['load-tests', 'warning'],
      ['runbook-scaling', 'error'],
      ['ready-endpoint', 'warning'],
    ]);
    expect(run.code).toBe(1);
  });
});
