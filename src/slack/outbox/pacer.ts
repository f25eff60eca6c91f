export interface RateLimit {
  perMinute: number;
  burst: number;
}

/**
 * Slack's budget for the outbox's writes, one token bucket per rate lane (a channel for chat.postMessage, the
 * workspace for each other method). A 429 pauses the lane for Retry-After and leaves it one token for then:
 * the retry goes out when Slack said, and what follows is refilled at the lane's rate instead of arriving in
 * a fresh burst.
 */
export interface Pacer {
  /**
   * Milliseconds until the lane may send (0: now), as far as this process knows: no I/O, since the dispatcher
   * asks it for every queued row on every pass. A guess for choosing rows; `take` decides.
   */
  wait(lane: string, limit: RateLimit): number;
  /** Takes a token for a write about to leave: 0 when taken, else the milliseconds to wait (nothing taken). */
  take(lane: string, limit: RateLimit): Promise<number>;
  /** Slack answered 429: the lane sends nothing for `ms`, then one request, then refills at its rate. */
  pause(lane: string, limit: RateLimit, ms: number): Promise<void>;
}

/** A lane's bucket at time `at`: while paused, `at` is the end of the pause, and nothing refills before it. */
export interface Bucket {
  tokens: number;
  at: number;
  pausedUntil: number;
}

/** The bucket refilled up to `now` (the same arithmetic as the shared pacer's SQL). */
export const refilled = (b: Bucket, limit: RateLimit, now: number): Bucket => ({
  tokens: Math.min(limit.burst, b.tokens + (Math.max(0, now - b.at) * limit.perMinute) / 60_000),
  at: Math.max(b.at, now),
  pausedUntil: b.pausedUntil,
});

/** Milliseconds from `now` until the bucket holds a token and is not paused. */
export function waitOf(b: Bucket, limit: RateLimit, now: number): number {
  const r = refilled(b, limit, now);
  const paused = Math.max(0, r.pausedUntil - now);
  const refill = r.tokens >= 1 ? 0 : Math.ceil(((1 - r.tokens) * 60_000) / limit.perMinute);
  return Math.max(paused, refill);
}

/** The pacer of the one process that owns a SQLite file: the buckets live in its memory. */
export function createPacer(now: () => number = Date.now): Pacer {
  const buckets = new Map<string, Bucket>();
  const bucket = (lane: string, limit: RateLimit) => {
    const t = now();
    const b = refilled(buckets.get(lane) ?? { tokens: limit.burst, at: t, pausedUntil: 0 }, limit, t);
    buckets.set(lane, b);
    return b;
  };
  return {
    wait: (lane, limit) => waitOf(bucket(lane, limit), limit, now()),
    async take(lane, limit) {
      const b = bucket(lane, limit);
      // Sends of one lane may overlap (updates of different messages): the estimate that chose a row may be spent.
      const wait = waitOf(b, limit, now());
      if (wait === 0) b.tokens -= 1;
      return wait;
    },
    async pause(lane, limit, ms) {
      const b = bucket(lane, limit);
      b.pausedUntil = Math.max(b.pausedUntil, now() + ms);
      b.tokens = 1;
      b.at = b.pausedUntil;
    },
  };
}
