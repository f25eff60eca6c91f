import { afterEach, describe, expect, it } from 'vitest';
import { startCli } from '../../helpers/run-cli.js';
import { MINIMAL_APP, makeRepo } from '../../helpers/scan-repo.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
const repo = (...args: Parameters<typeof makeRepo>) => {
  const r = makeRepo(...args);
  cleanups.push(r.cleanup);
  return r.dir;
};
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
    expect((await cli('--release', 'x')).code).toBe(2);
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
});
