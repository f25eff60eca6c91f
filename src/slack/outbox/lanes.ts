import type { OutboxRow } from '../../db/repos/outbox-repo.js';
import type { RateLimit } from './pacer.js';

/**
 * Slack's published limits (api.slack.com/apis/rate-limits), one budget per method: Slack counts them per
 * method, so a queue of Home views never holds back a thread, an update or an ephemeral. Tests pass faster ones.
 */
export interface OutboxPacing {
  /**
   * chat.postMessage, per channel: about 1 per second with short bursts. The burst holds a whole release
   * thread (parent + sections), so a quiet channel gets its thread at once; a channel busy with other threads
   * has spent it and is paced a little under 1/s (at exactly 1/s, jitter makes two posts arrive less than a
   * second apart). A 429 pauses the channel for Retry-After whatever the bucket says.
   */
  post: RateLimit;
  /**
   * chat.update: Tier 3, about 50 per minute ("sporadic bursts are welcome"): a burst of a minute's worth, so
   * a burst of clicks shows at once; a 429 paces it.
   */
  update: RateLimit;
  /** chat.postEphemeral: Tier 4, about 100 per minute ("generous burst behavior"). */
  ephemeral: RateLimit;
  /** views.publish: Tier 4, about 100 per minute. */
  publish: RateLimit;
  /** files upload flow: Tier 2-ish, about 20 per minute. */
  upload: RateLimit;
}
export const SLACK_PACING: OutboxPacing = {
  post: { perMinute: 50, burst: 10 },
  update: { perMinute: 50, burst: 50 },
  ephemeral: { perMinute: 100, burst: 50 },
  publish: { perMinute: 100, burst: 20 },
  upload: { perMinute: 20, burst: 5 },
};

/** The pacer bucket a row draws from: per channel for posts, per method for the rest. */
export function rateLaneOf(
  row: Pick<OutboxRow, 'kind' | 'channel'>,
  pacing: OutboxPacing,
): [string, RateLimit] {
  switch (row.kind) {
    case 'post':
      return [`post:${row.channel}`, pacing.post];
    case 'update':
      return ['update', pacing.update];
    case 'ephemeral':
      return ['ephemeral', pacing.ephemeral];
    case 'publish':
      return ['publish', pacing.publish];
    case 'upload':
      return ['upload', pacing.upload];
  }
}
