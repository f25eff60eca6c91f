import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../../src/clock.js';
import { watchEvents } from '../../../src/db/schema.js';
import type { FakeMessage } from '../../../src/sandbox/slack-web-api.js';
import { startMetricsTarget } from '../../helpers/metrics-targets.js';
import { type Harness, releaseThread } from '../../helpers/slack-harness.js';
import { deployThroughSlack, startWatchingBot } from './deploy-through-slack.js';

const TOKEN = 'alertmanager-e2e-token-0123456789';
const pause = (ms = 150) => new Promise((r) => setTimeout(r, ms));

/** Deploy → watch → spike → reminder → acknowledge, all through the real receiver and a real /metrics server. */
describe('post-deploy watch through Slack', () => {
  let h: Harness;
  let target: Awaited<ReturnType<typeof startMetricsTarget>>;
  afterEach(async () => {
    await h.close();
    await target.close();
  });

  it('posts a rollback reminder mentioning owner and approvers when errors spike, and records the acknowledgement', async () => {
    target = await startMetricsTarget();
    const clock = createManualClock(Date.now());
    h = await startWatchingBot(clock, target, undefined, `alertmanager: { token: ${TOKEN} }`);
    await deployThroughSlack(h);
    const thread = () => h.fake.thread('CREL', releaseThread(h.fake).parent.ts);
    expect(
      thread().some(
        (m) =>
          m.text.includes('watch started') || JSON.stringify(m.blocks).includes('Post-deploy watch started'),
      ),
    ).toBe(true);

    // Healthy traffic, then two intervals with 10 % errors.
    for (const [total, failed] of [
      [200, 0],
      [200, 20],
      [200, 20],
    ] as const) {
      target.serve(total, failed);
      await clock.advance(30_000);
      await pause();
      await h.settle();
    }
    expect(await (await fetch(`${h.url}/metrics`)).text()).toContain(
      'deploy_check_watch_samples_total{result="breach"} 2',
    );
    // The sample runs on the watch's own timer (a real scrape), and the reminder then leaves through the outbox.
    const findReminder = () =>
      thread().find((m) => JSON.stringify(m.blocks).includes('watch:ack')) as FakeMessage | undefined;
    for (let i = 0; i < 100 && !findReminder(); i++) await pause();
    const reminder = findReminder();
    expect(reminder).toBeDefined();
    const text = JSON.stringify(reminder!.blocks);
    expect(text).toContain('<@UOWNER>');
    expect(text).toContain('<@UREL1>');
    expect(text).toContain('error ratio 10.0 % — 20 of 200 requests in the last 30 s');
    const ack = reminder!.blocks
      .flatMap((b) =>
        ((b as { elements?: { action_id?: string; value?: string }[] }).elements ?? []).map((e) => ({
          b,
          e,
        })),
      )
      .find((x) => x.e.action_id === 'watch:ack')!;
    await h.click(
      reminder!,
      'UCAROL',
      'watch:ack',
      String((ack.b as { block_id: string }).block_id),
      String(ack.e.value),
    );
    await h.settle();
    const events = (await h.bot.database.db.select().from(watchEvents).all()).map((e) => [e.kind, e.actor]);
    expect(events).toContainEqual(['acknowledged', 'UCAROL']);

    // Alertmanager: refused without the token, posted into the thread with it.
    const payload = {
      version: '4',
      status: 'firing',
      receiver: 'deploy-check',
      groupLabels: {},
      commonLabels: { service: 'api' },
      commonAnnotations: {},
      externalURL: 'http://am',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'HighErrorRate', service: 'api' },
          annotations: { summary: 'errors' },
          startsAt: new Date().toISOString(),
          endsAt: '0001-01-01T00:00:00Z',
          fingerprint: 'abc',
        },
      ],
    };
    const post = (auth?: string) =>
      fetch(`${h.url}/webhooks/alertmanager`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
        body: JSON.stringify(payload),
      });
    expect((await post()).status).toBe(401);
    expect((await post(`Bearer ${TOKEN}`)).status).toBe(200);
    await h.settle();
    expect(
      thread().some(
        (m) => JSON.stringify(m.blocks).includes('HighErrorRate') || m.text.includes('HighErrorRate'),
      ),
    ).toBe(true);
  });
});
