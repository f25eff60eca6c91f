import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../../src/sandbox/slack-web-api.js';

const TOKEN = 'xoxb-sandbox-test';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);

/** The stand-in's file flow and Slack's rules for image blocks that name an uploaded file (slack_file). */
describe('slack_file images in the local Slack Web API', () => {
  let fake: FakeSlack;
  beforeEach(async () => {
    fake = await startFakeSlack({ token: TOKEN });
  });
  afterEach(() => fake.close());

  const call = async (method: string, args: Record<string, unknown>) =>
    (await (
      await fetch(`${fake.apiUrl}${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(args),
      })
    ).json()) as Record<string, unknown>;
  /** The three-step upload; `complete: false` stops before files.completeUploadExternal. */
  const upload = async (bytes: Buffer, filename: string, complete = true) => {
    const u = await call('files.getUploadURLExternal', { filename, length: bytes.length });
    const put = await fetch(String(u.upload_url), { method: 'POST', body: bytes });
    expect(put.status).toBe(200);
    if (complete)
      expect((await call('files.completeUploadExternal', { files: [{ id: u.file_id }] })).ok).toBe(true);
    return String(u.file_id);
  };
  const post = (block: Record<string, unknown>) =>
    call('chat.postMessage', { channel: 'C1', text: 'chart', blocks: [{ type: 'image', ...block }] });

  it('keeps the uploaded bytes and shows the app its own PNG without sharing it to a channel', async () => {
    const id = await upload(PNG, 'chart.png');
    expect(fake.files.find((f) => f.id === id)?.bytes?.equals(PNG)).toBe(true);
    expect(fake.files.find((f) => f.id === id)?.channel).toBeUndefined();
    const r = await post({ slack_file: { id }, alt_text: 'Error rate 29.8 percent' });
    expect(r.ok).toBe(true);
  });

  it('answers invalid_blocks like Slack for images it would refuse', async () => {
    const png = await upload(PNG, 'chart.png');
    const text = await upload(Buffer.from('not an image'), 'notes.txt');
    const unfinished = await upload(PNG, 'late.png', false);
    fake.files.push({
      id: 'FOTHER',
      filename: 'x.png',
      content: '',
      bytes: PNG,
      shared: true,
      owner: 'UOTHER',
      at: 0,
    });
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ slack_file: { id: png } }, /alt_text is required/],
      [{ slack_file: { id: png }, alt_text: 'x'.repeat(2001) }, /alt_text longer than 2000/],
      [
        { slack_file: { id: png }, image_url: 'https://example.com/a.png', alt_text: 'a' },
        /cannot both be set/,
      ],
      [{ alt_text: 'a' }, /image_url or slack_file is required/],
      [{ slack_file: { id: 'F404' }, alt_text: 'a' }, /F404 not found/],
      [{ slack_file: { id: unfinished }, alt_text: 'a' }, /not found/],
      [{ slack_file: { id: text }, alt_text: 'a' }, /not png, jpg or gif/],
      [{ slack_file: { id: 'FOTHER' }, alt_text: 'a' }, /not accessible/],
    ];
    for (const [block, why] of cases) {
      const r = await post(block);
      expect(r.error, JSON.stringify(block).slice(0, 80)).toBe('invalid_blocks');
      expect(JSON.stringify(r.response_metadata)).toMatch(why);
    }
    // chat.update follows the same rules.
    const ok = await post({ slack_file: { id: png }, alt_text: 'a' });
    const upd = await call('chat.update', {
      channel: 'C1',
      ts: ok.ts,
      text: 'chart',
      blocks: [{ type: 'image', slack_file: { id: text }, alt_text: 'a' }],
    });
    expect(upd.error).toBe('invalid_blocks');
  });
});
