import type { Logger } from '../logger.js';
import type { Block, SlackPoster } from './ports.js';

export interface RenderedMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: Block[];
}

export interface MessageSyncOptions {
  poster: SlackPoster;
  /** Renders the message for a key from the database at send time (undefined: nothing to update). */
  render: (key: string) => RenderedMessage | undefined;
  logger: Logger;
  /** chat.update is Tier 3 (~50/min per workspace): a token bucket keeps bursts of clicks under it. */
  perMinute?: number;
  burst?: number;
  /** Delay before retrying a failed update (doubles per attempt, capped at 60 s). */
  retryBaseMs?: number;
  onUpdate?: (outcome: 'ok' | 'error') => void;
}

/**
 * Coalesces message updates: many clicks on one message become one chat.update rendered from the
 * database when it is sent, so the last rendering always equals the stored state. A failed update
 * (Slack down, 5xx after the client's own retries) is retried with backoff until it lands.
 */
export function createMessageSync(opts: MessageSyncOptions) {
  const perMinute = opts.perMinute ?? 50;
  const burst = opts.burst ?? 20;
  const retryBase = opts.retryBaseMs ?? 1000;
  const dirty = new Set<string>();
  const attempts = new Map<string, number>();
  const retryTimers = new Set<NodeJS.Timeout>();
  let tokens = burst;
  let refilledAt = Date.now();
  let running = false;
  let stopped = false;
  let idleWaiters: (() => void)[] = [];

  const takeToken = async () => {
    for (;;) {
      const now = Date.now();
      tokens = Math.min(burst, tokens + ((now - refilledAt) * perMinute) / 60_000);
      refilledAt = now;
      if (tokens >= 1) {
        tokens -= 1;
        return;
      }
      await new Promise((r) => setTimeout(r, Math.ceil(((1 - tokens) * 60_000) / perMinute)));
    }
  };

  const settleIdle = () => {
    if (!running && dirty.size === 0 && retryTimers.size === 0) {
      const w = idleWaiters;
      idleWaiters = [];
      for (const f of w) f();
    }
  };

  const pump = async () => {
    if (running || stopped) return;
    running = true;
    try {
      while (dirty.size && !stopped) {
        const key = dirty.values().next().value as string;
        dirty.delete(key);
        let msg: RenderedMessage | undefined;
        try {
          msg = opts.render(key);
        } catch (e) {
          opts.logger.error({ err: e, key }, 'rendering a message failed');
          continue;
        }
        if (!msg) continue;
        await takeToken();
        try {
          await opts.poster.update(msg);
          attempts.delete(key);
          opts.onUpdate?.('ok');
        } catch (e) {
          opts.onUpdate?.('error');
          const n = (attempts.get(key) ?? 0) + 1;
          attempts.set(key, n);
          const delay = Math.min(60_000, retryBase * 2 ** (n - 1));
          opts.logger.warn(
            { key, attempt: n, retryInMs: delay, error: (e as Error).message },
            'message update failed; will retry',
          );
          const t = setTimeout(() => {
            retryTimers.delete(t);
            mark(key);
          }, delay);
          t.unref?.();
          retryTimers.add(t);
        }
      }
    } finally {
      running = false;
      settleIdle();
    }
  };

  function mark(key: string) {
    if (stopped) return;
    dirty.add(key);
    void pump();
  }

  return {
    mark,
    /** Resolves once every marked message has been sent (or is waiting on a retry that lands later). */
    idle(): Promise<void> {
      return new Promise((resolve) => {
        idleWaiters.push(resolve);
        settleIdle();
      });
    },
    pending: () => dirty.size + retryTimers.size + (running ? 1 : 0),
    stop() {
      stopped = true;
      for (const t of retryTimers) clearTimeout(t);
      retryTimers.clear();
      dirty.clear();
      settleIdle();
    },
  };
}
export type MessageSync = ReturnType<typeof createMessageSync>;
