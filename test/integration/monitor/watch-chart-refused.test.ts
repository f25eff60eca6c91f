import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../../src/clock.js';
import type { FakeMessage } from '../../../src/sandbox/slack-web-api.js';
import { startMetricsTarget } from '../../helpers/metrics-targets.js';
import { type Harness, releaseThread } from '../../helpers/slack-harness.js';
import { deployThroughSlack, startWatchingBot } from './deploy-through-slack.js';

const pause = (ms = 50) => new Promise((r) => setTimeout(r, ms));

/** When Slack will not show the uploaded chart in an image block, the chart is shared in the thread instead. */
describe('error-rate chart that Slack refuses in a message', () => {
  let h: Harness;
  let target: Awaited<ReturnType<typeof startMetricsTarget>>;
  afterEach(async () => {
    await h.close();
    await target.close();
  });

  it('keeps the reminder working without the image and shares the chart in the thread', async () => {
    target = await startMetricsTarget();
    const clock = createManualClock(Date.now());
    h = await startWatchingBot(clock, target);
    h.fake.refuseSlackFiles(true);
    await deployThroughSlack(h);
    for (const [total, failed] of [
      [400, 2],
      [400, 120],
      [400, 140],
    ] as const) {
      target.serve(total, failed);
      await clock.advance(30_000);
      await pause(100);
    }
    const parent = releaseThread(h.fake).parent;
    const thread = () => h.fake.thread('CREL', parent.ts);
    const reminder = () =>
      thread().find((m) => JSON.stringify(m.blocks).includes('watch:ack')) as FakeMessage | undefined;
    const shared = () => h.fake.files.find((f) => f.channel === 'CREL' && f.threadTs === parent.ts);
    for (let i = 0; i < 200 && !(reminder() && shared()); i++) await pause();

    expect(reminder()).toBeDefined();
    expect(reminder()!.blocks.some((b) => b.type === 'image')).toBe(false);
    const file = shared()!;
    expect(file.filename).toMatch(/^error-rate-api-1\.2\.3\.png$/);
    expect([...(file.bytes ?? Buffer.alloc(0)).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    // The shared file's comment is the chart in words.
    expect(file.comment).toMatch(/Error-rate chart for api 1\.2\.3 in production/);
    expect(h.fake.calls.some((c) => c.error === 'invalid_blocks')).toBe(true);

    // The reminder still takes decisions: Acknowledge updates it (its re-render carries no refused image).
    const m = reminder()!;
    const ack = m.blocks
      .flatMap((b) =>
        ((b as { elements?: { action_id?: string; value?: string }[] }).elements ?? []).map((e) => ({
          b,
          e,
        })),
      )
      .find((x) => x.e.action_id === 'watch:ack')!;
    await h.click(
      m,
      'UCAROL',
      'watch:ack',
      String((ack.b as { block_id: string }).block_id),
      String(ack.e.value),
    );
    await h.settle();
    for (let i = 0; i < 100 && !JSON.stringify(reminder()!.blocks).includes('UCAROL'); i++) await pause();
    expect(JSON.stringify(reminder()!.blocks)).toContain('UCAROL');
    expect(reminder()!.blocks.some((b) => b.type === 'image')).toBe(false);
  });
});
