import type { WebClient } from '@slack/web-api';
import type { Block } from '../ports.js';
import { OUTBOX_EVENT_TYPE, type OutboxMessage } from './message.js';
import { uploadPrivateFile } from './upload-file.js';

export type SendOutcome =
  | { ok: true; ts?: string }
  | { ok: false; kind: 'ratelimited'; retryAfterMs: number; error: string }
  /** The bot cannot post there until someone invites it. */
  | { ok: false; kind: 'not_in_channel'; error: string }
  /** Slack will never accept this write as it is (bad blocks, too long): retrying cannot help. */
  | { ok: false; kind: 'permanent'; error: string; detail?: unknown }
  /** 5xx, network, timeout: retry with backoff. `fateUnknown`: Slack may have acted on it. */
  | { ok: false; kind: 'transient'; error: string; fateUnknown: boolean };

const NOT_IN_CHANNEL = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);
const PERMANENT = new Set([
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_too_long',
  'invalid_arguments',
  'message_not_found',
  'cant_update_message',
  'no_text',
  'too_many_attachments',
  'user_not_found',
  'invalid_metadata_format',
  // views.publish when the app's Home tab is turned off: waiting cannot help, and the row would hold that
  // person's lane (a DM nudge posted to their user id goes behind it).
  'not_enabled',
]);

/** Maps a @slack/web-api error (client built with retries off and rejectRateLimitedCalls) onto what to do. */
export function classifySlackError(e: unknown): Exclude<SendOutcome, { ok: true }> {
  const err = e as {
    code?: string;
    retryAfter?: number;
    statusCode?: number;
    message?: string;
    data?: { error?: string; response_metadata?: { messages?: string[] } };
  };
  if (err.code === 'slack_webapi_rate_limited_error')
    return {
      ok: false,
      kind: 'ratelimited',
      retryAfterMs: (err.retryAfter ?? 1) * 1000,
      error: 'ratelimited',
    };
  if (err.code === 'slack_webapi_platform_error') {
    const code = err.data?.error ?? 'unknown_error';
    if (NOT_IN_CHANNEL.has(code)) return { ok: false, kind: 'not_in_channel', error: code };
    if (PERMANENT.has(code))
      return { ok: false, kind: 'permanent', error: code, detail: err.data?.response_metadata?.messages };
    // A definite answer (e.g. internal_error, invalid_auth): nothing was posted; try again later.
    return { ok: false, kind: 'transient', error: code, fateUnknown: false };
  }
  if (err.code === 'slack_webapi_http_error')
    return { ok: false, kind: 'transient', error: `http_${err.statusCode}`, fateUnknown: true };
  return { ok: false, kind: 'transient', error: err.message ?? String(e), fateUnknown: true };
}

/** The only code that writes to Slack: one Web API call per outbox row. */
export function createSlackWriter(client: WebClient) {
  return {
    /** `ts` of an accepted write: the message's timestamp, or the file id of a private upload. */
    async send(msg: OutboxMessage, rowId: number): Promise<SendOutcome> {
      try {
        switch (msg.kind) {
          case 'post': {
            const r = await client.chat.postMessage({
              channel: msg.channel,
              text: msg.text,
              ...(msg.blocks ? { blocks: msg.blocks } : {}),
              ...(msg.threadTs ? { thread_ts: msg.threadTs } : {}),
              unfurl_links: false,
              unfurl_media: false,
              metadata: { event_type: OUTBOX_EVENT_TYPE, event_payload: { row_id: rowId } },
            });
            return { ok: true, ts: String(r.ts) };
          }
          case 'update':
            await client.chat.update({
              channel: msg.channel,
              ts: msg.ts,
              text: msg.text,
              ...(msg.blocks ? { blocks: msg.blocks as Block[] } : {}),
            });
            return { ok: true };
          case 'ephemeral':
            await client.chat.postEphemeral({
              channel: msg.channel,
              user: msg.user,
              text: msg.text,
              ...(msg.blocks ? { blocks: msg.blocks } : {}),
              ...(msg.threadTs ? { thread_ts: msg.threadTs } : {}),
            });
            return { ok: true };
          case 'upload': {
            const common = {
              filename: msg.filename,
              title: msg.title,
              content: msg.content,
              ...(msg.comment ? { initial_comment: msg.comment } : {}),
            };
            await (msg.threadTs
              ? client.filesUploadV2({ channel_id: msg.channel, thread_ts: msg.threadTs, ...common })
              : client.filesUploadV2({ channel_id: msg.channel, ...common }));
            return { ok: true };
          }
          case 'file':
            return { ok: true, ts: await uploadPrivateFile(client, msg) };
          case 'publish':
            await client.views.publish({
              user_id: msg.user,
              view: msg.view as unknown as Parameters<WebClient['views']['publish']>[0]['view'],
            });
            return { ok: true };
        }
      } catch (e) {
        return classifySlackError(e);
      }
    },
    /**
     * Looks for a post this bot made for `rowId` (message metadata), in the thread or the channel's recent
     * history. Returns its ts, null when it is not there, or undefined when Slack could not be asked.
     */
    async findPosted(
      rowId: number,
      where: { channel: string; threadTs?: string | undefined; since: number },
    ): Promise<string | null | undefined> {
      try {
        const r = where.threadTs
          ? await client.conversations.replies({
              channel: where.channel,
              ts: where.threadTs,
              include_all_metadata: true,
              limit: 200,
            })
          : await client.conversations.history({
              channel: where.channel,
              include_all_metadata: true,
              oldest: String(Math.floor(where.since / 1000) - 60),
              limit: 200,
            });
        const hit = (r.messages ?? []).find(
          (m) =>
            m.metadata?.event_type === OUTBOX_EVENT_TYPE &&
            Number((m.metadata.event_payload as { row_id?: unknown } | undefined)?.row_id) === rowId,
        );
        return hit?.ts ?? null;
      } catch {
        return undefined;
      }
    },
  };
}
export type SlackWriter = ReturnType<typeof createSlackWriter>;
