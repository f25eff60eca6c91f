import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemStates, probeRuns, releases } from '../../../src/db/schema.js';
import { type Harness, optionsOf, releaseThread, startHarness } from '../../helpers/slack-harness.js';
import { startTlsTargets, type TlsTargets } from '../../helpers/tls-targets.js';

describe('"Run probes" in the release thread', () => {
  let targets: TlsTargets;
  let h: Harness;
  beforeAll(async () => {
    targets = await startTlsTargets('run-probes');
  });
  afterAll(async () => {
    await h?.close();
    await targets.close();
  });

  const start = async () => {
    const { good, bad, caFile } = targets;
    h = await startHarness({
      configYaml: `
services:
  - name: good-api
    baseUrl: ${good.url}
    probes: { samplePath: /items, errorPath: /boom, staticPath: /static/app.js, caFile: ${caFile}, latencyRequests: 3, latencyBudgetMs: 30000 }
  - name: bad-api
    baseUrl: ${bad.url}
    probes: { errorPath: /boom, caFile: ${caFile}, latencyRequests: 3, latencyBudgetMs: 30000 }
`,
    });
  };

  it('posts readable results, ticks verified items and marks failing ones, which blocks approval', async () => {
    await start();
    await h.command('bad-api 1.0.0');
    await h.settle();
    const { parent } = releaseThread(h.fake);
    const release = (await h.bot.database.db.select().from(releases).get())!;
    await h.click(parent, 'UALICE', 'release:probe', 'release_actions', release.id);
    await h.settle();
    const posted = h.fake.thread('CREL', parent.ts).find((m) => m.text.startsWith('Probe run #'));
    expect(posted?.text).toMatch(/Probe run #1 for bad-api: \d+ pass, \d+ warn, [1-9]\d* fail/);
    const body = JSON.stringify(posted?.blocks);
    expect(body).toContain('error-disclosure');
    expect(body).toContain('_Fix:_');
    const states = new Map(
      (await h.bot.database.db.select().from(itemStates).all()).map((r) => [r.itemId, r]),
    );
    expect(states.get('application.error-handling.500-errors-don-t')).toMatchObject({
      state: 'failing',
      source: 'probe',
    });
    expect(states.get('application.monitoring.health-check-endpoint-responding')).toMatchObject({
      state: 'done',
      source: 'probe',
    });
    expect(await h.bot.database.db.select().from(probeRuns).all()).toHaveLength(1);
    expect(await (await fetch(`${h.url}/metrics`)).text()).toContain(
      'deploy_check_probe_runs_total{outcome="fail"} 1',
    );
    const app = releaseThread(h.fake).section('Application');
    const all = app.blocks
      .filter((b) => String(b.block_id).startsWith('g|'))
      .flatMap((b) => optionsOf(app, String(b.block_id)).options);
    expect(all.find((o) => o.value === 'application.error-handling.500-errors-don-t')?.text.text).toMatch(
      /^:x: /,
    );
    expect(
      all.find((o) => o.value === 'application.monitoring.health-check-endpoint-responding')?.description
        ?.text,
    ).toMatch(/verified by probe/);
    await h.click(releaseThread(h.fake).parent, 'UBOB', 'release:approve', 'release_actions', release.id);
    await h.settle();
    expect(String(h.fake.ephemerals().at(-1)?.text)).toMatch(
      /failing check\(s\): 500 errors don't expose internal details/,
    );
  });

  it('answers an unconfigured service without probing anything', async () => {
    const res = await h.command('probe 169.254.169.254');
    expect(String(res.json().text)).toContain('Unknown service');
  });
});
