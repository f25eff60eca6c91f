export interface RateLimit {
  perMinute: number;
  burst: number;
}

/**
 * Token buckets per lane (a channel for chat.postMessage, the workspace for each other method). A 429 pauses
 * the lane for Retry-After and leaves it one token for then: the retry goes out when Slack said, and what
 * follows is refilled at the lane's rate instead of arriving in a fresh burst.
 */
export function createPacer(now: () => number = Date.now) {
  const buckets = new Map<string, { tokens: number; at: number; pausedUntil: number }>();
  const bucket = (lane: string, limit: RateLimit) => {
    const t = now();
    const b = buckets.get(lane) ?? { tokens: limit.burst, at: t, pausedUntil: 0 };
    // While paused, `at` is the end of the pause: nothing refills before it.
    b.tokens = Math.min(limit.burst, b.tokens + (Math.max(0, t - b.at) * limit.perMinute) / 60_000);
    b.at = Math.max(b.at, t);
    buckets.set(lane, b);
    return b;
  };
  return {
    /** Milliseconds until the lane may send (0: now). */
    wait(lane: string, limit: RateLimit): number {
      const b = bucket(lane, limit);
      const paused = Math.max(0, b.pausedUntil - now());
      const refill = b.tokens >= 1 ? 0 : Math.ceil(((1 - b.tokens) * 60_000) / limit.perMinute);
      return Math.max(paused, refill);
    },
    take(lane: string, limit: RateLimit): void {
      bucket(lane, limit).tokens -= 1;
    },
    pause(lane: string, limit: RateLimit, ms: number): void {
      const b = bucket(lane, limit);
      b.pausedUntil = Math.max(b.pausedUntil, now() + ms);
      b.tokens = 1;
      b.at = b.pausedUntil;
    },
  };
}
export type Pacer = ReturnType<typeof createPacer>;
