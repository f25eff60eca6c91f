import { blockKitErrors } from '../../src/sandbox/block-kit-limits.js';
import type { Block, SlackMessage, SlackPoster } from '../../src/slack/ports.js';

export interface Recorded extends SlackMessage {
  ts: string;
}

/** An in-memory SlackPoster that keeps what was posted and refuses Block Kit Slack would refuse. */
export function createRecordingPoster() {
  let seq = 0;
  const posts: Recorded[] = [];
  const updates: { channel: string; ts: string; text: string; blocks?: Block[] }[] = [];
  const check = (blocks: Block[] | undefined) => {
    const errors = blockKitErrors(blocks ?? []);
    if (errors.length) throw new Error(`invalid_blocks: ${errors.join('; ')}`);
  };
  const poster: SlackPoster & {
    posts: Recorded[];
    updates: typeof updates;
    /** Every post fails while true (Slack down). */
    failing: boolean;
    /** The next N posts fail. */
    failNext: number;
    /** A real delay per post, so that two runs racing for the same period really overlap. */
    latencyMs: number;
  } = {
    posts,
    updates,
    failing: false,
    failNext: 0,
    latencyMs: 0,
    async post(msg) {
      if (poster.latencyMs) await new Promise((r) => setTimeout(r, poster.latencyMs));
      if (poster.failing) throw new Error('slack is down');
      if (poster.failNext > 0) {
        poster.failNext--;
        throw new Error('slack is down');
      }
      check(msg.blocks);
      const ts = `1700000000.${String(++seq).padStart(6, '0')}`;
      posts.push({ ...msg, ts });
      return { ts, channel: msg.channel };
    },
    async update(msg) {
      check(msg.blocks);
      updates.push(msg);
    },
    async ephemeral() {},
    async permalink(channel, ts) {
      return `https://example.slack.com/archives/${channel}/p${ts.replace('.', '')}`;
    },
  };
  return poster;
}
