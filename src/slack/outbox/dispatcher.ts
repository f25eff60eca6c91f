import { randomUUID } from 'node:crypto';
import { type OutboxHead, type OutboxRepo, type OutboxRow, orderLaneOf } from '../../db/repos/outbox-repo.js';
import type { Logger } from '../../logger.js';
import { nextTurn } from '../next-turn.js';
import { type OutboxPacing, rateLaneOf, SLACK_PACING } from './lanes.js';
import type { OutboxMessage, OutboxRenderer } from './message.js';
import { notInChannelHint } from './not-in-channel-hint.js';
import { createPacer } from './pacer.js';
import type { SendOutcome, SlackWriter } from './slack-writer.js';

export { type OutboxPacing, SLACK_PACING } from './lanes.js';

/** Longer than the writer's 10 s timeout, so a live sender never loses its claim mid-call. */
const CLAIM_MS = 15_000;
/** Home views in flight at once: however many people wait for theirs, the other lanes keep their slots. */
const PUBLISH_CONCURRENCY = 2;
/**
 * Home views read per pass, due first: enough for those in flight, the next to send and any another process
 * holds (hundreds may be queued after a release change; reading them all on every wake cost more than the
 * clicks themselves).
 */
const PUBLISH_HEADS = 32;
const AUTH_ERRORS = new Set(['invalid_auth', 'token_revoked', 'account_inactive', 'not_authed']);

export interface OutboxDispatcherOptions {
  repo: OutboxRepo;
  writer: SlackWriter;
  renderers: Record<string, OutboxRenderer>;
  logger: Logger;
  pacing?: Partial<OutboxPacing>;
  /** First retry delay after a 5xx or network error; doubles per attempt up to `maxRetryMs`. */
  retryBaseMs?: number;
  maxRetryMs?: number;
  /**
   * Rows sent at once (at most one per lane, so a channel's posts keep their order). 8, not more: each send
   * costs the Web API client several ms of CPU, and more of them at once delay the acks of requests arriving
   * meanwhile (50 commands at once: ack p99 about 1.6× a bare Bolt app with 16, about 1.1× with 8) while a
   * thread still arrives in one burst.
   */
  concurrency?: number;
  onResult?: (kind: OutboxRow['kind'], outcome: 'ok' | 'error' | 'ratelimited') => void;
}

/**
 * Drains the outbox: one row per lane (`orderLaneOf`) at a time in id order, paced by Slack's limits per
 * method (per channel for posts), 429s honoured,
 * transient failures retried with backoff, permanent ones marked failed and logged. Rows stay in SQLite until
 * Slack accepted them, so a restart picks up where the last process stopped.
 */
export function createOutboxDispatcher(o: OutboxDispatcherOptions) {
  const { repo, writer, logger } = o;
  const pacing = { ...SLACK_PACING, ...o.pacing };
  const retryBase = o.retryBaseMs ?? 1000;
  const maxRetry = o.maxRetryMs ?? 30_000;
  const concurrency = o.concurrency ?? 8;
  const pacer = createPacer();
  const owner = randomUUID();
  const busyLanes = new Set<string>();
  /** Updates whose message was not posted yet when they were rendered: they wait for the channel's earlier posts. */
  const deferred = new Set<number>();
  let publishing = 0;
  const sending = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let scheduled = false;
  let running = false;
  /** When the next row becomes sendable (Infinity: nothing queued); drives flush() and idle(). */
  let nextAt = Number.POSITIVE_INFINITY;
  let waiters: (() => void)[] = [];

  const limitOf = (row: Pick<OutboxRow, 'kind' | 'channel'>) => rateLaneOf(row, pacing);

  function wake() {
    if (scheduled || !running) return;
    scheduled = true;
    // After the enqueueing transaction commits: enqueue() runs inside it, synchronously.
    setImmediate(pump);
  }

  function pump() {
    scheduled = false;
    if (!running) return;
    if (timer) clearTimeout(timer);
    timer = undefined;
    try {
      drain();
    } catch (e) {
      // The database went away under us (shutdown): the rows are safe; the next start sends them.
      logger.error({ err: e }, 'outbox pump failed');
    }
  }

  function drain() {
    const now = Date.now();
    const blocked = repo.blockedChannels();
    // Lanes by due time, so budgets go first to the rows that have waited longest (a row sent again because
    // it was marked while on the wire goes behind them); within a lane, rows keep their id order.
    const heads = repo.heads(PUBLISH_HEADS).sort((a, b) => a.dueAt - b.dueAt || a.id - b.id);
    /** The oldest queued post (or upload) of each channel. */
    const postHead = new Map<string, number>();
    for (const r of heads) if (r.kind === 'post' || r.kind === 'upload') postHead.set(r.channel, r.id);
    const live = new Set<number>();
    nextAt = Number.POSITIVE_INFINITY;
    for (const row of heads) {
      live.add(row.id);
      const lane = orderLaneOf(row);
      // A lane already sending goes on when that send finishes (its finally wakes us).
      if (busyLanes.has(lane)) continue;
      if (blocked.has(row.channel) && row.kind !== 'ephemeral') {
        repo.blockChannel(row.channel, 'not_in_channel');
        continue;
      }
      // Its message may be among the channel's earlier posts: a finishing post wakes us.
      if (deferred.has(row.id) && (postHead.get(row.channel) ?? Number.POSITIVE_INFINITY) < row.id) continue;
      // Another process (an overlapping start) is sending this lane's next row: wait for its claim.
      if (row.claimedUntil !== null && row.claimedUntil > now && row.claimedBy !== owner) {
        nextAt = Math.min(nextAt, row.claimedUntil);
        continue;
      }
      // Written by a newer version with a renderer this one lacks: leave it (and its lane) alone.
      if (row.renderer && !o.renderers[row.renderer]) continue;
      // At capacity: a finishing send wakes us again.
      if (busyLanes.size >= concurrency) break;
      if (row.kind === 'publish' && publishing >= PUBLISH_CONCURRENCY) continue;
      const [rateLane, limit] = limitOf(row);
      const at = Math.max(row.dueAt, now + pacer.wait(rateLane, limit));
      if (at > now) {
        nextAt = Math.min(nextAt, Math.max(at, now + 1));
        continue;
      }
      deferred.delete(row.id);
      busyLanes.add(lane);
      if (row.kind === 'publish') publishing++;
      const p = send(row)
        .catch((e) => logger.error({ err: e, rowId: row.id }, 'outbox dispatch failed'))
        .finally(() => {
          busyLanes.delete(lane);
          if (row.kind === 'publish') publishing--;
          sending.delete(p);
          wake();
        });
      sending.add(p);
    }
    for (const id of deferred) if (!live.has(id)) deferred.delete(id);
    if (Number.isFinite(nextAt)) {
      timer = setTimeout(pump, nextAt - now);
      timer.unref?.();
    } else if (busyLanes.size === 0) {
      const w = waiters;
      waiters = [];
      for (const f of w) f();
    }
  }

  async function send(head: OutboxHead): Promise<void> {
    // Rendering reads the release and builds its blocks: one row per turn, after requests waiting for acks.
    await nextTurn();
    if (!running) return;
    if (!repo.claim(head.id, owner, CLAIM_MS)) return;
    // Read after the claim: its version is the one this send delivers (a later mark sends it again).
    const row = repo.get(head.id);
    if (!row) return;
    const renderer = row.renderer ? o.renderers[row.renderer] : undefined;
    let msg: OutboxMessage | undefined;
    try {
      msg = renderer
        ? await renderer.render(row.ref ?? '')
        : ((row.payload as OutboxMessage | null) ?? undefined);
    } catch (e) {
      logger.error({ err: e, rowId: row.id, key: row.key }, 'rendering an outbox row failed; marked failed');
      repo.fail(row.id, `render: ${(e as Error).message}`);
      return;
    }
    if (!msg) {
      // An update of a message not posted yet: if its post may still be queued ahead, the change must wait
      // for it (dropping it now would lose the change should that post already be on the wire).
      if (row.kind === 'update' && repo.hasEarlierPosts(row.channel, row.id)) {
        deferred.add(row.id);
        repo.unclaim(row.id);
        return;
      }
      return void repo.delivered(row);
    }
    if (row.kind === 'post' && row.sendingAt !== null) {
      // A crash or a lost answer left this post's fate unknown: look for it before posting it again.
      const channel = msg.kind === 'post' ? msg.channel : row.channel;
      const threadTs = msg.kind === 'post' ? msg.threadTs : undefined;
      const found = await writer.findPosted(row.id, { channel, threadTs, since: row.sendingAt });
      if (found === undefined)
        return retry(row, { ok: false, kind: 'transient', error: 'reconcile failed', fateUnknown: true });
      if (found) {
        logger.info({ rowId: row.id, key: row.key }, 'outbox post was already delivered before a restart');
        return void repo.delivered(row, () => renderer?.posted?.(row.ref ?? '', found));
      }
    }
    const [lane, limit] = limitOf(row);
    pacer.take(lane, limit);
    if (row.kind === 'post') repo.markSending(row.id);
    const outcome = await writer.send(msg, row.id);
    if (outcome.ok) {
      o.onResult?.(row.kind, 'ok');
      const ts = outcome.ts;
      repo.delivered(row, () => {
        if (ts) renderer?.posted?.(row.ref ?? '', ts);
        renderer?.delivered?.(row.ref ?? '', msg);
      });
      return;
    }
    o.onResult?.(row.kind, outcome.kind === 'ratelimited' ? 'ratelimited' : 'error');
    if (outcome.kind === 'ratelimited') {
      pacer.pause(lane, limit, outcome.retryAfterMs);
      repo.retryLater(row.id, Date.now() + outcome.retryAfterMs, 'ratelimited', {
        attempt: false,
        fateUnknown: false,
      });
      return;
    }
    if (outcome.kind === 'not_in_channel') return notInChannel(row, msg, outcome.error, renderer);
    if (outcome.kind === 'permanent') {
      logger.error(
        { rowId: row.id, key: row.key, kind: row.kind, error: outcome.error, detail: outcome.detail },
        'Slack refused an outbox write for good; marked failed (fix the renderer, it will not be retried)',
      );
      repo.fail(row.id, outcome.error);
      renderer?.failed?.(row.ref ?? '', outcome.error);
      return;
    }
    retry(row, outcome);
  }

  function retry(row: OutboxRow, outcome: Extract<SendOutcome, { kind: 'transient' }>) {
    const delay = Math.min(maxRetry, retryBase * 2 ** row.attempts);
    // A rejected token will not heal by waiting: say so loudly (rows keep waiting for a fixed token).
    (AUTH_ERRORS.has(outcome.error) ? logger.error.bind(logger) : logger.warn.bind(logger))(
      { rowId: row.id, key: row.key, attempt: row.attempts + 1, retryInMs: delay, error: outcome.error },
      AUTH_ERRORS.has(outcome.error)
        ? 'Slack write failed: Slack rejected the bot token (SLACK_BOT_TOKEN); will retry'
        : 'Slack write failed; will retry',
    );
    repo.retryLater(row.id, Date.now() + delay, outcome.error, {
      attempt: true,
      fateUnknown: row.kind === 'post' && outcome.fateUnknown,
    });
  }

  async function notInChannel(
    row: OutboxRow,
    msg: OutboxMessage,
    error: string,
    renderer: OutboxRenderer | undefined,
  ) {
    if (msg.kind === 'ephemeral') {
      // The person still has to hear it: say it in a DM (posting to a user id opens the app's DM).
      const dm = await writer.send(
        { kind: 'post', channel: msg.user, text: msg.text, blocks: msg.blocks ?? [] },
        row.id,
      );
      if (!dm.ok) logger.warn({ rowId: row.id, error: dm.error }, 'ephemeral and DM both failed; dropped');
      return void repo.delivered(row);
    }
    repo.blockChannel(row.channel, error);
    logger.warn(
      { channel: row.channel, key: row.key, error },
      'bot cannot post in channel; waiting to be invited',
    );
    if (row.notifyUser)
      repo.enqueue(notInChannelHint(row.channel, row.notifyUser, renderer?.describe?.(row.ref ?? '')));
  }

  return {
    wake,
    /** Starts draining, beginning with whatever an earlier process left undelivered. */
    start() {
      running = true;
      repo.onEnqueue(wake);
      wake();
    },
    /** The bot joined a channel (or someone asked to retry): send its parked rows. */
    unblock(channel: string): number {
      const n = repo.unblockChannel(channel);
      wake();
      return n;
    },
    /** Resolves when nothing is queued that can be sent, or after `timeoutMs`. */
    idle(timeoutMs = 10_000): Promise<void> {
      return new Promise((resolve) => {
        const t = setTimeout(resolve, timeoutMs);
        t.unref?.();
        waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
        wake();
      });
    },
    /** Sends what the limits allow before `budgetMs` runs out; the rest stays for the next start. */
    async flush(budgetMs: number): Promise<void> {
      const deadline = Date.now() + budgetMs;
      pump();
      while (Date.now() < deadline && (busyLanes.size > 0 || nextAt <= deadline || scheduled))
        await new Promise((r) => setTimeout(r, 10));
    },
    /** Stops sending; resolves when the writes already on the wire have been recorded. */
    async stop(): Promise<void> {
      running = false;
      if (timer) clearTimeout(timer);
      await Promise.allSettled([...sending]);
      for (const f of waiters) f();
      waiters = [];
    },
  };
}
export type OutboxDispatcher = ReturnType<typeof createOutboxDispatcher>;
