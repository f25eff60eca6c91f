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
  const spike = async (slack: (h: Harness) => void = () => {}, monitor?: string) => {
    target = await startMetricsTarget();
    clock = createManualClock(Date.now());
    h = await startWatchingBot(clock, target, monitor);
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
    // The image came with a chat.update of the reminder that was already posted.
    const updated = h.fake.calls.filter(
      (c) =>
        c.method === 'chat.update' &&
        c.args.ts === reminder()?.ts &&
        JSON.stringify(c.args).includes(file!.id),
    );
    expect(updated.length).toBeGreaterThanOrEqual(1);
  });

  it('follows an unanswered repeat with its own chart in the thread', async () => {
    await spike(undefined, 'intervalSeconds: 30, consecutive: 2, minRequests: 50, repeatMinutes: 1');
    expect(await until(() => image(reminder()))).toBeDefined();
    for (let i = 0; i < 2; i++) {
      target.serve(400, 160);
      await clock.advance(30_000);
      await pause(100);
    }
    const repeat = () => thread().find((m) => /nobody has acted yet/.test(m.text));
    const followUp = () => thread().find((m) => m.text.includes('as of this reminder'));
    expect(await until(repeat)).toBeDefined();
    expect(await until(followUp)).toBeDefined();
    expect(thread().indexOf(followUp()!)).toBeGreaterThan(thread().indexOf(repeat()!));
    expect(image(followUp())?.alt_text).toMatch(/Latest 40\.0 percent \(160 of 400 requests\)/);
    // The reminder itself now shows the newest chart.
    expect(image(reminder())?.slack_file?.id).toBe(image(followUp())?.slack_file?.id);
  });

  it('sends the reminder on time without the image while the upload is slow; the image follows', async () => {
    await spike((h) => h.fake.delayAnswers('upload', 2_500));
    expect(await until(reminder)).toBeDefined();
    // The reminder is out while the chart's bytes are still on their way.
    expect(image(reminder())).toBeUndefined();
    expect(h.fake.files.some((f) => f.bytes)).toBe(false);
    expect(await until(() => image(reminder()))).toBeDefined();
  });

  it('keeps the thread moving while an upload hangs: the reminder and its repeat go out without images', async () => {
    // The upload host takes the bytes and never answers in time (the writer gives up after 10 s).
    await spike(
      (h) => h.fake.delayAnswers('upload', 30_000),
      'intervalSeconds: 30, consecutive: 2, minRequests: 50, repeatMinutes: 1',
    );
    expect(await until(reminder)).toBeDefined();
    for (let i = 0; i < 2; i++) {
      target.serve(400, 160);
      await clock.advance(30_000);
      await pause(100);
    }
    // Well before the writer's 10 s timeout frees the upload: the repeat never queued behind it.
    expect(await until(() => thread().find((m) => /nobody has acted yet/.test(m.text)), 100)).toBeDefined();
    expect(image(reminder())).toBeUndefined();
    expect(h.fake.calls.some((c) => c.method === 'files.completeUploadExternal')).toBe(false);
  }, 30_000);

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
