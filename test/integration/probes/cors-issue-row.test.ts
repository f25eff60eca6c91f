import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badService, goodService, listen, type Target } from '../../helpers/probe-targets.js';
import { type Harness, startHarness } from '../../helpers/slack-harness.js';
import { makeTlsFixtures, type TlsFixtures } from '../../helpers/tls-fixtures.js';

/** Probe results carry the checklist's "CORS errors" row when the cors probe fails, and only then. */
describe('common production issues in probe results', () => {
  let tls: TlsFixtures;
  let good: Target;
  let bad: Target;
  let h: Harness;
  beforeAll(async () => {
    tls = makeTlsFixtures();
    good = await listen(goodService, tls.valid);
    bad = await listen(badService, tls.valid);
    const caFile = join(process.cwd(), 'node_modules', '.tmp-test-ca-issues.pem');
    writeFileSync(caFile, tls.ca);
    const probes = `{ errorPath: /boom, caFile: ${caFile}, latencyRequests: 3, latencyBudgetMs: 5000 }`;
    h = await startHarness({
      configYaml: `
services:
  - { name: good-api, baseUrl: "${good.url}", probes: ${probes} }
  - { name: bad-api, baseUrl: "${bad.url}", probes: ${probes} }
`,
    });
  });
  afterAll(async () => {
    await h?.close();
    await good.close();
    await bad.close();
    tls.cleanup();
  });

  const probeRun = async (service: string) => {
    await h.command(`probe ${service}`, { channel: 'CPROBE' });
    await h.settle();
    return h.fake
      .channelMessages('CPROBE')
      .filter((m) => m.text.startsWith('Probe run #'))
      .at(-1);
  };

  it('shows the CORS row (symptom and solution) under a failing cors probe', async () => {
    const posted = await probeRun('bad-api');
    const body = JSON.stringify(posted?.blocks);
    expect(body).toMatch(/:x: \*cors\*/);
    expect(body).toContain('CORS errors');
    expect(body).toContain('Verify `allow_origins` includes client domain');
  });

  it('leaves the row out when the cors probe passes', async () => {
    const posted = await probeRun('good-api');
    const body = JSON.stringify(posted?.blocks);
    expect(body).toMatch(/:white_check_mark: \*cors\*/);
    expect(body).not.toContain('CORS errors');
  });
});
