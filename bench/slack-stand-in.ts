/**
 * The Slack stand-in's chat.postMessage limit for the benches: about 1 post per second per channel with a
 * short burst (Slack: "1 per second; short bursts > 1 allowed", no promise how many), 429 + Retry-After
 * beyond it. The burst is smaller than a release thread (8 messages), so a thread meets one 429.
 */
export const SLACK_POST_LIMIT = { perSecond: 1, burst: 6 };
/** What that limit alone allows for `n` posts in a quiet channel: the ones beyond the burst at 1/s. */
export const slackPostFloorMs = (n: number) =>
  (Math.max(0, n - SLACK_POST_LIMIT.burst) * 1000) / SLACK_POST_LIMIT.perSecond;
