import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../../src/clock.js';
import type { FakeMessage } from '../../../src/sandbox/slack-web-api.js';
import { startMetricsTarget } from '../../helpers/metrics-targets.js';
import { type Harness, releaseThread } from '../../helpers/slack-harness.js';
import { deployThroughSlack, startWatchingBot } from './deploy-through-slack.js';

const pause = (ms = 50) => new Promise((r) => setTimeout(r, ms));
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
type ImageBlock = { type: string; slack_file?: { id: string }; alt_text?: string; image_url?: string };

/** The rollback reminder carries an error-rate chart, uploaded after the reminder went out, never before it. */
describe('error-rate chart in the rollback reminder', () => {
  let h: Harness;
  let target: Awaited<ReturnType<typeof startMetricsTarget>>;
  afterEach(async () => {
    await h.close();
    await target.close();
  });

  const thread = () => h.fake.thread('CREL', releaseThread(h.fake).parent.ts);
  const reminder = () =>
    thread().find((m) => JSON.stringify(m.blocks).includes('watch:ack')) as FakeMessage | undefined;
  const image = (m: FakeMessage | undefined) =>
    m?.blocks.find((b) => b.type === 'image') as ImageBlock | undefined;
  const until = async (what: () => unknown, tries = 200) => {
    for (let i = 0; i < tries && !what(); i++) await pause();
    return what();
  };

  /** Deploy, healthy traffic, then two breaching intervals: the detector raises the reminder. */
  let clock: ReturnType<typeof createManualClock>;
  const spike = async (slack: (h: Harness) => void = () => {}) => {
    target = await startMetricsTarget();
    clock = createManualClock(Date.now());
    h = await startWatchingBot(clock, target);
    slack(h);
    await deployThroughSlack(h);
    for (const [total, failed] of [
      [400, 2],
      [400, 4],
      [400, 120],
      [400, 140],
    ] as const) {
      target.serve(total, failed);
      await clock.advance(30_000);
      await pause(100);
    }
  };

  it('posts the reminder first, then uploads a PNG and updates the reminder with a slack_file image', async () => {
    await spike();
    expect(await until(reminder)).toBeDefined();
    await until(() => image(reminder()));
    const img = image(reminder());
    expect(img?.slack_file?.id).toMatch(/^F/);
    expect(img?.image_url).toBeUndefined();
    expect(img?.alt_text).toContain('api 1.2.3');
    expect(img?.alt_text).toMatch(/2 samples breached it/);
    expect(img?.alt_text).toMatch(/Peak 35\.0 percent \(140 of 400 requests\)/);
    const file = h.fake.files.find((f) => f.id === img?.slack_file?.id);
    expect([...(file?.bytes ?? Buffer.alloc(0)).subarray(0, 8)]).toEqual(PNG);
    // IHDR: width and height, big-endian, right after the signature and chunk header.
    const width = file?.bytes?.readUInt32BE(16) ?? 0;
    const height = file?.bytes?.readUInt32BE(20) ?? 0;
    expect(width).toBeGreaterThanOrEqual(800);
    expect(height).toBeGreaterThanOrEqual(350);
    expect(width / height).toBeGreaterThan(1.5);
    // Private to the app: completed without a channel, so no file message appears in the channel.
    expect(file?.channel).toBeUndefined();
    const complete = h.fake.calls.find((c) => c.method === 'files.completeUploadExternal');
    expect(complete?.args.channel_id).toBeUndefined();
    // The reminder was posted before the upload began, then updated with the image.
    const post = h.fake.calls.findIndex(
      (c) => c.method === 'chat.postMessage' && JSON.stringify(c.args).includes('watch:ack'),
    );
    const getUrl = h.fake.calls.findIndex((c) => c.method === 'files.getUploadURLExternal');
    expect(post).toBeGreaterThanOrEqual(0);
    expect(reminder()?.updates).toBeGreaterThanOrEqual(1);
    expect(getUrl).toBeGreaterThanOrEqual(0);
  });

  it('sends the reminder on time without the image while the upload is slow; the image follows', async () => {
    await spike((h) => h.fake.delayAnswers('upload', 2_500));
    expect(await until(reminder)).toBeDefined();
    // The reminder is out while the chart's bytes are still on their way.
    expect(image(reminder())).toBeUndefined();
    expect(h.fake.files.some((f) => f.bytes)).toBe(false);
    expect(await until(() => image(reminder()))).toBeDefined();
  });

  it('sends the reminder on time when the upload fails; the chart follows once Slack takes it', async () => {
    await spike((h) => {
      h.fake.failNext('files.getUploadURLExternal', { error: 'internal_error' }, { status: 500 });
      h.fake.failNext('upload', { status: 500 });
    });
    expect(await until(reminder)).toBeDefined();
    expect(image(reminder())).toBeUndefined();
    expect(await until(() => image(reminder()))).toBeDefined();
    const failed = h.fake.calls.filter((c) => c.method === 'files.getUploadURLExternal' && c.error);
    expect(failed.length).toBeGreaterThanOrEqual(2);

    // Back under the threshold: the recovery message, and its chart after it in the thread.
    target.serve(400, 1);
    await clock.advance(30_000);
    const followUp = () =>
      thread().find((m) => m.blocks.length === 1 && image(m) && m.text.includes('through the recovery'));
    expect(await until(followUp)).toBeDefined();
    const recovered = thread().findIndex((m) => /recovered|back under/i.test(m.text));
    expect(recovered).toBeGreaterThanOrEqual(0);
    expect(thread().indexOf(followUp() as FakeMessage)).toBeGreaterThan(recovered);
    expect(image(followUp())?.alt_text).toMatch(/Latest 0\.3 percent \(1 of 400 requests\)/);
  });
});
