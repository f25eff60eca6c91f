import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../../src/clock.js';
import type { FakeMessage } from '../../../src/sandbox/slack-web-api.js';
import { startMetricsTarget } from '../../helpers/metrics-targets.js';
import { startCli } from '../../helpers/run-cli.js';
import { type Harness, startHarness } from '../../helpers/slack-harness.js';
import { threadActions } from '../../helpers/thread-actions.js';
import { apiClient, PAYMENTS_TOKEN } from './api-fixture.js';

const pause = (ms = 150) => new Promise((r) => setTimeout(r, ms));

/** `deployed` and `watch --wait` as a pipeline runs them; the watch runs on a manual clock the test advances. */
describe('deploy-check deployed and watch (real process, real bot)', { timeout: 90_000 }, () => {
  let h: Harness;
  let target: Awaited<ReturnType<typeof startMetricsTarget>>;
  const clock = createManualClock(Date.now());
  beforeEach(async () => {
    target = await startMetricsTarget();
    h = await startHarness({
      clock,
      env: { DC_API_TOKEN: PAYMENTS_TOKEN },
      configYaml: `
checklist: ${resolve('test/fixtures/mini-checklist.yml')}
approvers: { release: [UREL1] }
services:
  - name: payments-api
    baseUrl: ${target.url}
    channel: CREL
    monitor:
      source: { type: metrics, url: ${target.metricsUrl} }
      intervalSeconds: 30
      windowMinutes: 2
      consecutive: 2
      minRequests: 50
api:
  tokens: [{ name: github-actions, token: "\${DC_API_TOKEN}", services: [payments-api] }]
`,
    });
  });
  afterEach(async () => {
    await h.close();
    await target.close();
  });
  const env = () => ({ DEPLOY_CHECK_URL: h.url, DEPLOY_CHECK_TOKEN: PAYMENTS_TOKEN });
  const approvedRelease = async () => {
    const { json } = await apiClient(h).open();
    await threadActions(h).completeAndApprove(json.id, ['Security', 'Database']);
    return json.id as string;
  };
  /** Serves `total` requests with `failed` errors per interval, advancing the watch one interval each. */
  const traffic = async (intervals: [number, number][]) => {
    for (const [total, failed] of intervals) {
      target.serve(total, failed);
      await clock.advance(30_000);
      await pause();
      await h.settle();
    }
  };

  it('deployed refuses an unapproved release with exit 1 and what is missing', async () => {
    const { json } = await apiClient(h).open();
    const { code, stderr } = await startCli(['deployed', json.id], env()).exited;
    expect(code).toBe(1);
    expect(stderr).toContain('Only an approved release can be marked deployed');
    expect(stderr).toContain('• Security: not signed off');
  });

  it('watch --wait exits 0 when the watch window ends quietly', async () => {
    const id = await approvedRelease();
    const deployed = await startCli(['deployed', id], env()).exited;
    expect(deployed.code).toBe(0);
    expect(deployed.stdout).toContain(`Release ${id} marked deployed; watching until`);
    await h.settle();
    const run = startCli(['watch', id, '--wait', '--poll', '100ms', '--timeout', '60s'], env());
    await run.line(/watch active until/);
    await traffic([
      [200, 0],
      [200, 0],
      [200, 0],
      [200, 0],
      [200, 0],
    ]);
    const { code, stdout } = await run.exited;
    expect(code).toBe(0);
    expect(stdout.trim().split('\n').at(-1)).toBe('watch quiet');
  });

  it('watch --wait exits 1 when a rollback reminder fired and someone chose "Rolled back"', async () => {
    const id = await approvedRelease();
    await startCli(['deployed', id, '--by', 'UREL1'], env()).exited;
    await h.settle();
    const run = startCli(['watch', id, '--wait', '--poll', '100ms', '--timeout', '60s'], env());
    await run.line(/watch active until/);
    await traffic([
      [200, 0],
      [200, 20],
      [200, 20],
    ]);
    const thread = h.fake.thread('CREL', threadActions(h).thread().parent.ts);
    const reminder = thread.find((m) =>
      JSON.stringify(m.blocks).includes('watch:rolled_back'),
    ) as FakeMessage;
    const button = reminder.blocks
      .flatMap((b) =>
        ((b as { elements?: { action_id?: string; value?: string }[] }).elements ?? []).map((e) => ({
          b,
          e,
        })),
      )
      .find((x) => x.e.action_id === 'watch:rolled_back')!;
    await h.click(
      reminder,
      'UCAROL',
      'watch:rolled_back',
      String((button.b as { block_id: string }).block_id),
      String(button.e.value),
    );
    const { code, stdout } = await run.exited;
    expect(code).toBe(1);
    expect(stdout).toContain('1 rollback reminder(s)');
    expect(stdout.trim().split('\n').at(-1)).toMatch(/^watch rolled back/);
  });
});
