import type { KnownBlock } from '@slack/types';

export type Block = KnownBlock;

export interface SlackMessage {
  channel: string;
  text: string;
  blocks?: Block[];
  threadTs?: string | undefined;
}

/**
 * The Slack writes domain code needs, independent of Bolt. The implementation (src/slack/poster.ts) goes
 * through @slack/web-api, which retries 429 after Retry-After; callers never see payload shapes.
 */
export interface SlackPoster {
  post(msg: SlackMessage): Promise<{ ts: string; channel: string }>;
  update(msg: { channel: string; ts: string; text: string; blocks?: Block[] }): Promise<void>;
  ephemeral(msg: {
    channel: string;
    user: string;
    text: string;
    blocks?: Block[];
    threadTs?: string | undefined;
  }): Promise<void>;
  permalink(channel: string, ts: string): Promise<string | undefined>;
  /** Shares a text file (e.g. an audit export) in a channel or thread. */
  upload?(msg: {
    channel: string;
    threadTs?: string | undefined;
    filename: string;
    title: string;
    content: string;
    comment?: string;
  }): Promise<void>;
}
