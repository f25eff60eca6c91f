import { AsyncResource } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { type OutboxHead, type OutboxRepo, type OutboxRow, orderLaneOf } from '../../db/repos/outbox-repo.js';
import type { Logger } from '../../logger.js';
import { nextTurn } from '../next-turn.js';
import { type OutboxPacing, rateLaneOf, SLACK_PACING } from './lanes.js';
import type { OutboxMessage, OutboxRenderer } from './message.js';
import { notInChannelHint } from './not-in-channel-hint.js';
import { createPacer, type Pacer } from './pacer.js';
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
/**
 * Message updates and Home views wait while Slack requests wait for their ack, and after a burst of them
 * (`burst` answers within `lullMs`) until a lull of `lullMs`, never longer than `maxMs`: the burst is
 * answered first, then each message and Home rendered once with its outcome. An update sent in the middle of
 * a burst spends chat.update's budget on a state about to change (the burst's last changes then wait for the
 * budget to refill); a Home rendered then counts for HOME_MIN_GAP_MS and shows the rest of the burst only
 * that much later, so Homes wait for a lull after any answer (a burst starts with one). A few clicks
 * still get their update as soon as they are acked. Posts and ephemerals never wait.
 */
const HOLDS: Partial<Record<OutboxRow['kind'], { lullMs: number; burst: number; maxMs: number }>> = {
  update: { lullMs: 50, burst: 5, maxMs: 1_000 },
  publish: { lullMs: 250, burst: 1, maxMs: 2_000 },
};
const AUTH_ERRORS = new Set(['invalid_auth', 'token_revoked', 'account_inactive', 'not_authed']);

export interface OutboxDispatcherOptions {
  repo: OutboxRepo;
  writer: SlackWriter;
  renderers: Record<string, OutboxRenderer>;
  logger: Logger;
  pacing?: Partial<OutboxPacing>;
  /**
   * Where the lanes' budgets live (default: this process's memory). Replicas on one Postgres database share
   * theirs through it (`createSharedPacer`), so together they keep to Slack's limits.
   */
  pacer?: Pacer;
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
  /**
   * A pass runs at least this often while nothing wakes the dispatcher (default 1 s): it picks up rows another
   * process enqueued (a second replica on the same Postgres), and rows whose transaction committed only after
   * the pass its enqueue woke had read the queue (on Postgres that pass reads through another connection).
   */
  pollMs?: number;
  /**
   * How the bot is answering Slack requests: message updates and Home views wait for a burst's acks (see
   * HOLDS; call `wake` when the last request waiting is answered). Default: they never wait.
   */
  acks?: {
    /** Milliseconds since the last Slack request was answered, 0 while one waits for its ack. */
    quietMs(): number;
    /** Milliseconds from the n-th last answer to the last (Infinity before n answers). */
    spanMs(n: number): number;
  };
}

/**
 * Drains the outbox: one row per lane (`orderLaneOf`) at a time in id order, paced by Slack's limits per
 * method (per channel for posts), 429s honoured,
 * transient failures retried with backoff, permanent ones marked failed and logged. Rows stay in the database
 * until Slack accepted them, so a restart picks up where the last process stopped.
 * One pass reads the queue at a time (a wake during a pass makes it go round once more); the sends it starts
 * run beside it, and no Slack call is made inside a transaction.
 */
export function createOutboxDispatcher(o: OutboxDispatcherOptions) {
  const { repo, writer, logger } = o;
  const pacing = { ...SLACK_PACING, ...o.pacing };
  const retryBase = o.retryBaseMs ?? 1000;
  const maxRetry = o.maxRetryMs ?? 30_000;
  const concurrency = o.concurrency ?? 8;
  const pollMs = o.pollMs ?? 1000;
  const pacer = o.pacer ?? createPacer();
  const owner = randomUUID();
  const busyLanes = new Set<string>();
  /** Updates whose message was not posted yet when they were rendered: they wait for the channel's earlier posts. */
  const deferred = new Set<number>();
  let publishing = 0;
  const sending = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let poll: NodeJS.Timeout | undefined;
  let scheduled = false;
  let running = false;
  /** The pass reading the queue now, if any; `again`: something changed meanwhile, go round once more. */
  let pass: Promise<void> | undefined;
  let again = false;
  /** When the next row becomes sendable (Infinity: nothing queued); drives flush() and idle(). */
  let nextAt = Number.POSITIVE_INFINITY;
  let waiters: (() => void)[] = [];
  /** Since when rows of each kind in HOLDS have been waiting for the requests being answered. */
  const heldSince = new Map<OutboxRow['kind'], number>();

  /** When a row of this kind, held while requests are being answered, is looked at again (undefined: go). */
  function heldUntil(kind: OutboxRow['kind'], now: number): number | undefined {
    const hold = HOLDS[kind];
    if (hold === undefined || o.acks === undefined) return undefined;
    const quiet = o.acks.quietMs();
    const inBurst = quiet === 0 || (quiet < hold.lullMs && o.acks.spanMs(hold.burst) < hold.lullMs);
    if (!inBurst) {
      heldSince.delete(kind);
      return undefined;
    }
    const since = heldSince.get(kind) ?? now;
    heldSince.set(kind, since);
    const end = since + hold.maxMs;
    if (end <= now) return undefined;
    // While a request waits, the wake after its ack comes first; in a lull, its end.
    return quiet === 0 ? end : Math.min(end, now + hold.lullMs - quiet + 1);
  }

  const limitOf = (row: Pick<OutboxRow, 'kind' | 'channel'>) => rateLaneOf(row, pacing);

  /**
   * Runs a pass in the async context the dispatcher was created in. An enqueue wakes us from inside its
   * transaction, and a callback scheduled there would inherit it: the pass's queries would join (or outlive)
   * that transaction instead of waiting for its commit.
   */
  const pumpOutside = AsyncResource.bind(() => void pump()); // a pass logs its own failures

  function wake() {
    if (scheduled || !running) return;
    scheduled = true;
    // After the enqueueing transaction: on SQLite the pass's first read waits for its COMMIT; on Postgres it
    // may read before it, and then the next wake or the poll finds the row.
    setImmediate(pumpOutside);
  }

  function pump(): Promise<void> {
    scheduled = false;
    if (!running) return Promise.resolve();
    if (pass !== undefined) {
      again = true;
      return pass;
    }
    pass = passes().finally(() => {
      pass = undefined;
    });
    return pass;
  }

  async function passes(): Promise<void> {
    do {
      again = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      try {
        await drain();
      } catch (e) {
        // The database went away under us (shutdown): the rows are safe; the next start sends them.
        logger.error({ err: e }, 'outbox pump failed');
      }
    } while (again && running);
    // A wake not yet served will run a pass of its own, which answers the waiters then.
    if (!scheduled && !Number.isFinite(nextAt) && busyLanes.size === 0) {
      const w = waiters;
      waiters = [];
      for (const f of w) f();
    }
  }

  async function drain() {
    nextAt = Number.POSITIVE_INFINITY;
    // Lanes by due time, so budgets go first to the rows that have waited longest (a row sent again because
    // it was marked while on the wire goes behind them); within a lane, rows keep their id order.
    const heads = (await repo.heads(PUBLISH_HEADS)).sort((a, b) => a.dueAt - b.dueAt || a.id - b.id);
    // Read after the heads: a channel unblocked (by another request or replica) between the two reads must
    // not look blocked beside its just-released rows, or the pass would park them again.
    const blocked = await repo.blockedChannels();
    if (!running) return;
    const now = Date.now();
    /** The oldest queued post (or upload) of each channel. */
    const postHead = new Map<string, number>();
    for (const r of heads) if (r.kind === 'post' || r.kind === 'upload') postHead.set(r.channel, r.id);
    const live = new Set<number>();
    for (const row of heads) {
      live.add(row.id);
      const lane = orderLaneOf(row);
      // A lane already sending goes on when that send finishes (its finally wakes us).
      if (busyLanes.has(lane)) continue;
      if (blocked.has(row.channel) && row.kind !== 'ephemeral') {
        await repo.blockChannel(row.channel, 'not_in_channel');
        continue;
      }
      // Its message may be among the channel's earlier posts: a finishing post wakes us.
      if (deferred.has(row.id) && (postHead.get(row.channel) ?? Number.POSITIVE_INFINITY) < row.id) continue;
      // Another process (an overlapping start, a replica) is sending this lane's next row: wait for its claim.
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
      // Requests are being answered: the wake once the last is (or the hold's end) sends it.
      const held = heldUntil(row.kind, now);
      if (held !== undefined) {
        nextAt = Math.min(nextAt, held);
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
    if (Number.isFinite(nextAt) && running) {
      timer = setTimeout(pumpOutside, Math.max(0, nextAt - Date.now()));
      timer.unref?.();
    }
  }

  async function send(head: OutboxHead): Promise<void> {
    // Rendering reads the release and builds its blocks: one row per turn, after requests waiting for acks.
    await nextTurn();
    if (!running) return;
    // Requests arrived while this waited for its turn: left for the next pass, which holds it (see HOLDS).
    if (heldUntil(head.kind, Date.now()) !== undefined) return;
    if (!(await repo.claim(head.id, owner, CLAIM_MS))) return;
    // Read after the claim: its version is the one this send delivers (a later mark sends it again).
    const row = await repo.get(head.id);
    if (!row) return;
    const renderer = row.renderer ? o.renderers[row.renderer] : undefined;
    const ref = row.ref ?? '';
    let msg: OutboxMessage | undefined;
    try {
      msg = renderer ? await renderer.render(ref) : ((row.payload as OutboxMessage | null) ?? undefined);
    } catch (e) {
      logger.error({ err: e, rowId: row.id, key: row.key }, 'rendering an outbox row failed; marked failed');
      await repo.fail(row.id, `render: ${(e as Error).message}`);
      return;
    }
    if (!msg) {
      // An update of a message not posted yet: if its post may still be queued ahead, the change must wait
      // for it (dropping it now would lose the change should that post already be on the wire).
      if (row.kind === 'update' && (await repo.hasEarlierPosts(row.channel, row.id))) {
        deferred.add(row.id);
        await repo.unclaim(row.id);
        return;
      }
      return repo.delivered(row);
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
        return repo.delivered(row, async () => {
          await renderer?.posted?.(ref, found);
        });
      }
    }
    const [lane, limit] = limitOf(row);
    // The estimate that chose this row may be spent (another replica, or another send of the lane, took the
    // token meanwhile): give the row back unsent; the pass after this send finds it due when the lane is.
    if ((await pacer.take(lane, limit)) > 0) {
      await repo.unclaim(row.id);
      return;
    }
    if (row.kind === 'post') await repo.markSending(row.id);
    const outcome = await writer.send(msg, row.id);
    if (outcome.ok) {
      o.onResult?.(row.kind, 'ok');
      const ts = outcome.ts;
      const sent = msg;
      // The Slack call is done: the renderer's bookkeeping commits with the row's removal.
      await repo.delivered(row, async () => {
        if (ts) await renderer?.posted?.(ref, ts);
        await renderer?.delivered?.(ref, sent);
      });
      return;
    }
    o.onResult?.(row.kind, outcome.kind === 'ratelimited' ? 'ratelimited' : 'error');
    if (outcome.kind === 'ratelimited') {
      await pacer.pause(lane, limit, outcome.retryAfterMs);
      await repo.retryLater(row.id, Date.now() + outcome.retryAfterMs, 'ratelimited', {
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
      await repo.fail(row.id, outcome.error);
      await renderer?.failed?.(ref, outcome.error);
      return;
    }
    return retry(row, outcome);
  }

  async function retry(row: OutboxRow, outcome: Extract<SendOutcome, { kind: 'transient' }>) {
    const delay = Math.min(maxRetry, retryBase * 2 ** row.attempts);
    // A rejected token will not heal by waiting: say so loudly (rows keep waiting for a fixed token).
    (AUTH_ERRORS.has(outcome.error) ? logger.error.bind(logger) : logger.warn.bind(logger))(
      { rowId: row.id, key: row.key, attempt: row.attempts + 1, retryInMs: delay, error: outcome.error },
      AUTH_ERRORS.has(outcome.error)
        ? 'Slack write failed: Slack rejected the bot token (SLACK_BOT_TOKEN); will retry'
        : 'Slack write failed; will retry',
    );
    await repo.retryLater(row.id, Date.now() + delay, outcome.error, {
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
      return repo.delivered(row);
    }
    await repo.blockChannel(row.channel, error);
    logger.warn(
      { channel: row.channel, key: row.key, error },
      'bot cannot post in channel; waiting to be invited',
    );
    if (row.notifyUser) {
      const what = await renderer?.describe?.(row.ref ?? '');
      await repo.enqueue(notInChannelHint(row.channel, row.notifyUser, what));
    }
  }

  return {
    wake,
    /** Starts draining, beginning with whatever an earlier process left undelivered. */
    start() {
      running = true;
      repo.onEnqueue(wake);
      poll = setInterval(wake, pollMs);
      poll.unref?.();
      wake();
    },
    /** The bot joined a channel (or someone asked to retry): send its parked rows. */
    async unblock(channel: string): Promise<number> {
      const n = await repo.unblockChannel(channel);
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
      await pump();
      while (
        Date.now() < deadline &&
        (busyLanes.size > 0 || pass !== undefined || nextAt <= deadline || scheduled)
      )
        await new Promise((r) => setTimeout(r, 10));
    },
    /** Stops sending; resolves when the pass and the writes already on the wire have been recorded. */
    async stop(): Promise<void> {
      running = false;
      if (timer) clearTimeout(timer);
      if (poll) clearInterval(poll);
      await pass;
      await Promise.allSettled([...sending]);
      for (const f of waiters) f();
      waiters = [];
    },
  };
}
export type OutboxDispatcher = ReturnType<typeof createOutboxDispatcher>;
