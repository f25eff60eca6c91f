import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../helpers/slack-harness.js';
import { startTlsTargets, type TlsTargets } from '../../helpers/tls-targets.js';

/** Probe results carry the checklist's "CORS errors" row when the cors probe fails, and only then. */
describe('common production issues in probe results', () => {
  let targets: TlsTargets;
  let h: Harness;
  beforeAll(async () => {
    targets = await startTlsTargets('issues');
    const { good, bad, caFile } = targets;
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
    await targets.close();
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
