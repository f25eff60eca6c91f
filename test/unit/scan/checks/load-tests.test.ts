import { describe, expect, it } from 'vitest';
import { loadTestsCheck } from '../../../../src/scan/checks/load-tests.js';
import { checkOnTmpRepo, fixture } from '../../../helpers/scan-repo.js';

const check = checkOnTmpRepo(loadTestsCheck);

describe('scan:load-tests', () => {
  it('warns (a script exists, the 2–3× run is for people) on a locustfile, with its import line', async () => {
    const r = await check({}, { from: fixture('ops-ready') });
    expect(r.verdict).toBe('warn');
    expect(r.evidence).toEqual([
      { path: 'loadtest/locustfile.py', line: 1, text: 'from locust import HttpUser, between, task' },
    ]);
  });

  it('finds a k6 script by its import of k6/http and ignores a file that only mentions k6', async () => {
    const r = await check({
      'perf/smoke.js':
        "// smoke\nimport http from 'k6/http';\nimport { sleep } from 'k6';\nexport default function () { http.get('http://localhost/'); sleep(1); }\n",
      'web/notes.js': "const label = 'k6 results';\n",
    });
    expect(r).toMatchObject({
      verdict: 'warn',
      evidence: [{ path: 'perf/smoke.js', line: 2, text: "import http from 'k6/http';" }],
    });
  });

  it('says unknown without a load-test script', async () => {
    const r = await check({}, { from: fixture('template-like') });
    expect(r).toMatchObject({ verdict: 'unknown', evidence: [] });
  });
});
