import { describe, expect, it } from 'vitest';
import { buildChecklist } from '../../../src/checklist/checklist.js';
import { runScan } from '../../../src/scan/runner.js';
import { result, type ScanCheck } from '../../../src/scan/types.js';
import { MINIMAL_APP, tmpRepos } from '../../helpers/scan-repo.js';

const item = (id: string, verifiedBy?: string[]) => ({
  id,
  text: `text of ${id}`,
  ...(verifiedBy ? { verifiedBy } : {}),
});
const checklist = buildChecklist({
  version: 1,
  name: 't',
  sections: [
    {
      id: 's',
      title: 'S',
      groups: [
        {
          id: 's.g',
          title: 'G',
          items: [
            item('s.g.both', ['scan:passes', 'scan:fails']),
            item('s.g.warn-pass', ['scan:passes', 'scan:warns']),
            item('s.g.unknown', ['scan:unknowns', 'probe:tls-certificate']),
            item('s.g.throws', ['scan:throws']),
            item('s.g.probe-only', ['probe:tls-certificate']),
          ],
        },
      ],
    },
  ],
  postDeployment: {
    id: 'p',
    title: 'P',
    groups: [{ id: 'p.g', title: 'G', items: [item('p.g.post', ['scan:fails'])] }],
  },
  rollbackPlan: [item('r.one')],
  maintenance: { id: 'm', title: 'M', items: [item('m.one')] },
});

const at = (path: string, line: number) => ({ path, line, text: '' });
const checks: ScanCheck[] = [
  {
    id: 'passes',
    title: 'p',
    run: (r) => result('pass', 'fine', 'read it', '', [r.evidence('app/main.py', 3)]),
  },
  {
    id: 'fails',
    title: 'f',
    run: async (r) => result('fail', 'broken', 'because', 'fix it', [r.evidence('app/main.py', 1)]),
  },
  { id: 'warns', title: 'w', run: () => result('warn', 'meh', 'half', 'look', [at('app/main.py', 1)]) },
  { id: 'unknowns', title: 'u', run: () => result('unknown', 'cannot tell', 'nothing to read', '') },
  {
    id: 'throws',
    title: 't',
    run: () => {
      throw new Error('kaboom');
    },
  },
];

const repo = tmpRepos();
const scan = (only?: string[]) => {
  const r = repo(MINIMAL_APP);
  let t = 1_000;
  return runScan({ dir: r.dir, checklist, checks, only, now: () => (t += 5) });
};

describe('runScan', () => {
  it('gives each pre-deployment item with scan verifiers the worst verdict of its checks, with the deciding evidence', async () => {
    const report = await scan();
    const by = Object.fromEntries(report.items.map((i) => [i.item, i]));
    expect(Object.keys(by)).toEqual(['s.g.both', 's.g.warn-pass', 's.g.unknown', 's.g.throws']);
    expect(by['s.g.both']).toMatchObject({
      verdict: 'fail',
      checks: ['passes', 'fails'],
      summary: 'broken',
      why: 'because',
      fix: 'fix it',
      evidence: [{ path: 'app/main.py', line: 1, text: 'from fastapi import FastAPI' }],
    });
    expect(by['s.g.warn-pass']).toMatchObject({ verdict: 'warn', summary: 'meh', evidence: [{ line: 1 }] });
    expect(by['s.g.unknown']).toMatchObject({
      verdict: 'unknown',
      checks: ['unknowns'],
      why: 'nothing to read',
    });
    expect(report.summary).toEqual({ pass: 0, warn: 1, fail: 1, unknown: 2 });
    expect(report.durationMs).toBe(5);
  });

  it('turns a check that throws into "unknown" with the error as why, and goes on', async () => {
    const report = await scan();
    expect(report.checks.find((c) => c.id === 'throws')).toEqual({
      id: 'throws',
      verdict: 'unknown',
      summary: 'the check failed to run',
      why: 'error: kaboom',
      fix: '',
      evidence: [],
    });
    expect(report.checks.map((c) => c.id)).toEqual(['passes', 'fails', 'warns', 'unknowns', 'throws']);
  });

  it('--only takes check ids and item ids', async () => {
    const report = await scan(['warns', 's.g.unknown']);
    expect(report.checks.map((c) => c.id)).toEqual(['warns', 'unknowns']);
    expect(report.items.map((i) => [i.item, i.verdict])).toEqual([
      ['s.g.warn-pass', 'warn'],
      ['s.g.unknown', 'unknown'],
    ]);
    await expect(scan(['nope'])).rejects.toThrow('--only: "nope" is neither a scan check nor an item');
  });

  it('refuses a folder with no FastAPI app, and finds one in a subfolder', async () => {
    const none = repo({ 'main.py': 'import flask\n' });
    await expect(runScan({ dir: none.dir, checklist, checks, now: Date.now })).rejects.toThrow(
      /no FastAPI app in/,
    );
    const sub = repo({
      'backend/pyproject.toml': '[project]\nname = "app"\n',
      'backend/app/main.py': 'import fastapi\n\napp = fastapi.FastAPI(title="x")\n',
      'scripts/tool.py': 'from fastapi import HTTPException\n',
    });
    const report = await runScan({ dir: sub.dir, checklist, checks: [], now: Date.now });
    expect(report.appRoot).toBe('backend');
    const given = await runScan({ dir: sub.dir, appRoot: 'scripts', checklist, checks: [], now: Date.now });
    expect(given.appRoot).toBe('scripts');
    const absolute = await runScan({
      dir: sub.dir,
      appRoot: `${sub.dir}/backend/`,
      checklist,
      checks: [],
      now: Date.now,
    });
    expect(absolute.appRoot).toBe('backend');
    await expect(
      runScan({ dir: sub.dir, appRoot: '../x', checklist, checks: [], now: Date.now }),
    ).rejects.toThrow('--app-root: ../x is outside');
    await expect(
      runScan({ dir: sub.dir, appRoot: 'docs', checklist, checks: [], now: Date.now }),
    ).rejects.toThrow('--app-root: docs is not a folder with files');
  });
});
