import type { WebClient } from '@slack/web-api';
import type { Block, SlackPoster } from './ports.js';

/** SlackPoster over @slack/web-api (which queues, and retries 429 after Retry-After). */
export function createSlackPoster(client: WebClient): SlackPoster {
  return {
    async post({ channel, text, blocks, threadTs }) {
      const r = await client.chat.postMessage({
        channel,
        text,
        ...(blocks ? { blocks } : {}),
        ...(threadTs ? { thread_ts: threadTs } : {}),
        unfurl_links: false,
        unfurl_media: false,
      });
      return { ts: String(r.ts), channel: String(r.channel ?? channel) };
    },
    async update({ channel, ts, text, blocks }) {
      await client.chat.update({ channel, ts, text, ...(blocks ? { blocks: blocks as Block[] } : {}) });
    },
    async ephemeral({ channel, user, text, blocks, threadTs }) {
      await client.chat.postEphemeral({
        channel,
        user,
        text,
        ...(blocks ? { blocks } : {}),
        ...(threadTs ? { thread_ts: threadTs } : {}),
      });
    },
    async upload({ channel, threadTs, filename, title, content, comment }) {
      const common = { filename, title, content, ...(comment ? { initial_comment: comment } : {}) };
      await (threadTs
        ? client.filesUploadV2({ channel_id: channel, thread_ts: threadTs, ...common })
        : client.filesUploadV2({ channel_id: channel, ...common }));
    },
    async permalink(channel, ts) {
      try {
        const r = await client.chat.getPermalink({ channel, message_ts: ts });
        return r.permalink;
      } catch {
        return undefined;
      }
    },
  };
}
