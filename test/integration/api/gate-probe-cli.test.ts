import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badService, listen, type Target } from '../../helpers/probe-targets.js';
import { startCli } from '../../helpers/run-cli.js';
import { type Harness, releaseThread, startHarness } from '../../helpers/slack-harness.js';
import { PAYMENTS_TOKEN } from './api-fixture.js';

describe('deploy-check gate when a probe fails', { timeout: 90_000 }, () => {
  let bad: Target;
  let h: Harness;
  beforeAll(async () => {
    bad = await listen(badService);
    h = await startHarness({
      env: { DC_API_TOKEN: PAYMENTS_TOKEN },
      configYaml: `
services:
  - name: bad-api
    baseUrl: ${bad.url}
    channel: CREL
    probes: { errorPath: /boom, latencyRequests: 3, latencyBudgetMs: 5000 }
api:
  tokens: [{ name: github-actions, token: "\${DC_API_TOKEN}", services: [bad-api] }]
`,
    });
  });
  afterAll(async () => {
    await h.close();
    await bad.close();
  });

  it('exits 1 naming the failing check when someone runs the probes and one fails with no override', async () => {
    const run = startCli(['gate', 'bad-api', '1.0.0', '--poll', '100ms', '--timeout', '60s'], {
      DEPLOY_CHECK_URL: h.url,
      DEPLOY_CHECK_TOKEN: PAYMENTS_TOKEN,
    });
    const [, id] = await run.line(/Opened release (r[0-9a-f]+)/);
    await h.click(releaseThread(h.fake).parent, 'UALICE', 'release:probe', 'release_actions', id!);
    const { code, stdout } = await run.exited;
    expect(code).toBe(1);
    expect(stdout).toMatch(/failing checks? .*missing/);
    expect(stdout).toMatch(/ {2}failing: 500 errors don't expose .*\(probe run #1: error-disclosure fail/);
  });
});
