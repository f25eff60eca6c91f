import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badService, goodService, listen, type Target } from '../../helpers/probe-targets.js';

const cli = (...args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['bin/deploy-check.js', ...args],
      { env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });

describe('deploy-check probe (CLI, real process, real servers)', () => {
  let good: Target;
  let bad: Target;
  beforeAll(async () => {
    good = await listen(goodService);
    bad = await listen(badService);
  });
  afterAll(async () => {
    await good.close();
    await bad.close();
  });

  it('exits 0 and prints the JSON report when nothing failed', async () => {
    const r = await cli(
      'probe',
      good.url,
      '--only',
      'health,ready,error-disclosure,request-id,api-docs',
      '--error-path',
      '/boom',
      '--json',
    );
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report).sort()).toEqual(['durationMs', 'results', 'startedAt', 'summary', 'target']);
    expect(report.summary).toEqual({ pass: 5, warn: 0, fail: 0, skip: 0 });
    expect(Object.keys(report.results[0]).sort()).toEqual([
      'details',
      'durationMs',
      'id',
      'remediation',
      'status',
      'summary',
    ]);
  });

  it('exits 1 with a readable table when a probe fails', async () => {
    const r = await cli('probe', bad.url, '--only', 'ready,error-disclosure', '--error-path', '/boom');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL\s+ready\s+\/ready answered 503/);
    expect(r.stdout).toContain('→ Run with debug=False');
    expect(r.stdout).not.toContain('\x1b[');
  });

  // One real spawn per exit code; the individual usage errors are covered against main() in test/unit/cli.
  it('exits 2 on a usage error, naming the problem', async () => {
    const unknown = await cli('probe', good.url, '--only', 'helth');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--only: unknown probe helth');
  });
});
