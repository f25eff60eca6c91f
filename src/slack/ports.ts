import type { KnownBlock } from '@slack/types';

export type Block = KnownBlock;

export interface SlackMessage {
  channel: string;
  text: string;
  blocks?: Block[];
  threadTs?: string | undefined;
}

export interface UpdateMessage {
  channel: string;
  ts: string;
  text: string;
  blocks?: Block[];
}

export interface EphemeralMessage {
  channel: string;
  user: string;
  text: string;
  blocks?: Block[];
  threadTs?: string | undefined;
}

/** A text file (e.g. an audit export) shared in a channel or thread. */
export interface UploadMessage {
  channel: string;
  threadTs?: string | undefined;
  filename: string;
  title: string;
  content: string;
  comment?: string;
}

/**
 * The Slack writes domain code needs, independent of Bolt. The implementation (src/slack/poster.ts) goes
 * through @slack/web-api, which retries 429 after Retry-After; callers never see payload shapes.
 */
export interface SlackPoster {
  post(msg: SlackMessage): Promise<{ ts: string; channel: string }>;
  update(msg: UpdateMessage): Promise<void>;
  ephemeral(msg: EphemeralMessage): Promise<void>;
  permalink(channel: string, ts: string): Promise<string | undefined>;
  /** Shares a text file (e.g. an audit export) in a channel or thread. */
  upload?(msg: UploadMessage): Promise<void>;
}
