import type { Block, SlackMessage, SlackPoster } from '../../../src/slack/ports.js';
import { blockKitErrors } from '../../helpers/block-kit-limits.js';

export interface Posted extends SlackMessage {
  ts: string;
}

/** An in-memory SlackPoster that records what users would see and rejects blocks Slack would reject. */
export function createRecordingPoster() {
  const posts: Posted[] = [];
  const updates: { channel: string; ts: string; text: string; blocks?: Block[] }[] = [];
  let seq = 0;
  let failing = false;
  const check = (blocks: unknown) => {
    if (blocks === undefined) return;
    const errors = blockKitErrors(blocks);
    if (errors.length) throw new Error(`invalid_blocks: ${errors.join('; ')}`);
  };
  const poster: SlackPoster = {
    async post(msg) {
      if (failing) throw new Error('slack is down');
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
  return {
    poster,
    posts,
    updates,
    /** Texts of posts whose text matches. */
    matching: (re: RegExp) => posts.filter((p) => re.test(p.text)),
    lastUpdateOf: (ts: string) => updates.filter((u) => u.ts === ts).at(-1),
    setFailing(v: boolean) {
      failing = v;
    },
  };
}
