import type { WebClient } from '@slack/web-api';

export interface PrivateFile {
  filename: string;
  title: string;
  bytes: Uint8Array;
  altText: string;
  /** Share it as a file message in this thread instead of keeping it private (the fallback for images). */
  share?: { channel: string; threadTs?: string | undefined; comment: string } | undefined;
}

/** As long as the Web API client's own timeout: a hanging upload host must not hold the chart lane. */
const UPLOAD_TIMEOUT_MS = 10_000;

/**
 * Slack's upload flow without sharing: files.getUploadURLExternal → POST the bytes → files.completeUploadExternal
 * with no channel, which leaves the file private to the app. An image block's `slack_file: {id}` may name a file
 * the posting app can access, so the bot's own upload shows in its messages without a public URL and without a
 * second copy of the chart appearing as a file message in the channel. Returns the file id.
 */
export async function uploadPrivateFile(client: WebClient, f: PrivateFile): Promise<string> {
  const url = await client.files.getUploadURLExternal({
    filename: f.filename,
    length: f.bytes.byteLength,
    alt_text: f.altText,
  });
  if (!url.upload_url || !url.file_id) throw new Error('files.getUploadURLExternal answered without a URL');
  const res = await fetch(url.upload_url, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: f.bytes,
    signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
  });
  if (!res.ok) throw new Error(`upload answered HTTP ${res.status}`);
  await res.arrayBuffer();
  const files: [{ id: string; title: string }] = [{ id: url.file_id, title: f.title }];
  if (f.share) {
    const { channel, threadTs, comment } = f.share;
    await (threadTs
      ? client.files.completeUploadExternal({
          files,
          channel_id: channel,
          thread_ts: threadTs,
          initial_comment: comment,
        })
      : client.files.completeUploadExternal({ files, channel_id: channel, initial_comment: comment }));
    return url.file_id;
  }
  await client.files.completeUploadExternal({ files });
  await processed(client, url.file_id);
  return url.file_id;
}

/** files.info polls after the upload: a few, short, so the chart lane is not held long. */
const PROCESSING_POLLS = 6;
const PROCESSING_POLL_MS = 300;

/**
 * Slack processes an upload after files.completeUploadExternal answers (its `mimetype` is empty until then),
 * and an image block naming a file still being processed is refused (`invalid_blocks`, "invalid slack file").
 * Waits briefly for files.info to show a mimetype. Best effort: a files.info error (e.g. an install without
 * the files:read scope) or a slow file only ends the wait; the message is sent anyway.
 */
async function processed(client: WebClient, id: string): Promise<void> {
  for (let i = 0; i < PROCESSING_POLLS; i++) {
    const info = await client.files.info({ file: id }).catch(() => undefined);
    if (!info || info.file?.mimetype) return;
    await new Promise((r) => setTimeout(r, PROCESSING_POLL_MS));
  }
}
