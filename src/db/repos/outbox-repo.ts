import { and, asc, eq, inArray, isNull, lt, min, ne, or, sql } from 'drizzle-orm';
import { afterCommit, type Db } from '../client.js';
import { greatest, least, rowsChanged } from '../dialect-sql.js';
import { prepareOnce } from '../prepared.js';
import { outbox } from '../schema.js';

export type OutboxRow = typeof outbox.$inferSelect;
const HEAD = {
  id: outbox.id,
  kind: outbox.kind,
  key: outbox.key,
  channel: outbox.channel,
  dueAt: outbox.dueAt,
  claimedUntil: outbox.claimedUntil,
  claimedBy: outbox.claimedBy,
  renderer: outbox.renderer,
};
const UNCLAIMED = { claimedBy: null, claimedUntil: null };
/** A row marked again while it was being sent waits this long before it is sent again. */
const RESEND_GAP_MS = 250;
export type OutboxKind = OutboxRow['kind'];
/** What the dispatcher's pass needs of a lane's head; it reads the whole row once it has claimed it. */
export type OutboxHead = Pick<
  OutboxRow,
  'id' | 'kind' | 'key' | 'channel' | 'dueAt' | 'claimedUntil' | 'claimedBy' | 'renderer'
>;

/**
 * Rows of one lane go out one at a time, in id order. Posts and uploads of a channel share its lane (a
 * thread's messages keep their order); an update or a Home view is its own lane (one row per message or
 * person, coalesced), so it never queues behind a channel's later posts; ephemerals keep their order per
 * channel, beside the posts. The dispatcher holds back an update whose message is not posted yet.
 */
export const orderLaneOf = (row: Pick<OutboxRow, 'kind' | 'key' | 'channel'>): string =>
  row.kind === 'update' || row.kind === 'publish'
    ? `k:${row.key}`
    : row.kind === 'ephemeral'
      ? `e:${row.channel}`
      : `c:${row.channel}`;
const ORDER_LANE = sql`case when ${outbox.kind} in ('update', 'publish') then 'k:' || ${outbox.key} when ${outbox.kind} = 'ephemeral' then 'e:' || ${outbox.channel} else 'c:' || ${outbox.channel} end`;

/** One Slack write to make. See docs/outbox.md for how features enqueue them. */
export interface OutboxWrite {
  /**
   * Idempotency key. A post's key makes enqueueing it twice harmless; an update's key ("dirty key", one per
   * message) coalesces every change of that message into one row rendered when it is sent.
   */
  key: string;
  kind: OutboxKind;
  /** Channel id (or a user id for a DM or a Home view); rows of one channel are sent in order. */
  channel: string;
  /** A renderer registered with the dispatcher, rendering `ref` from the database at send time. */
  renderer?: string;
  ref?: string;
  /** A fixed message instead of a renderer (its shape is the dispatcher's `OutboxMessage`). */
  payload?: Record<string, unknown>;
  /** Who is told when the write cannot be delivered (e.g. the bot is not in the channel). */
  notifyUser?: string;
}

/**
 * Data access for the outbox table. `enqueue` runs inside the caller's transaction (a statement joins the
 * transaction open in its async context, so a caller's `db.transaction(async () => …)` covers it); the rest
 * is the dispatcher's bookkeeping. Times are wall-clock milliseconds: transport timing, not domain time.
 */
export function createOutboxRepo(db: Db, opts: { now?: () => number; onEnqueue?: () => void } = {}) {
  const now = opts.now ?? Date.now;
  const listeners: (() => void)[] = opts.onEnqueue ? [opts.onEnqueue] : [];
  // After the enqueueing transaction commits: a dispatcher woken before would not see the row yet.
  const notify = () =>
    afterCommit(db, () => {
      for (const f of listeners) f();
    });
  return {
    async enqueue(w: OutboxWrite): Promise<void> {
      const at = now();
      // Every change a user makes enqueues here before its ack: prepared once per handle. `payload` is
      // serialised here so a missing one stays SQL NULL (a placeholder would pass null through the JSON
      // encoder and store the text 'null').
      await prepareOnce(db, 'outbox.enqueue', () =>
        db
          .insert(outbox)
          .values({
            key: sql.placeholder('key'),
            kind: sql.placeholder('kind'),
            channel: sql.placeholder('channel'),
            renderer: sql.placeholder('renderer'),
            ref: sql.placeholder('ref'),
            payload: sql`${sql.placeholder('payload')}`,
            notifyUser: sql.placeholder('notifyUser'),
            dueAt: sql.placeholder('at'),
            createdAt: sql.placeholder('at'),
          })
          .onConflictDoUpdate({
            target: outbox.key,
            // Another mark of a queued message: one more version to send. A permanently failed row gets a
            // new chance (the state changed since); a blocked one stays blocked until the bot can post there.
            set: {
              // Posts never re-send on a second enqueue: only coalescing kinds count versions.
              version: sql`case when ${outbox.kind} in ('update', 'publish') then ${outbox.version} + 1 else ${outbox.version} end`,
              status: sql`case when ${outbox.status} = 'failed' then 'pending' else ${outbox.status} end`,
              // A Home someone is looking at (they opened it, clicked on it) goes at once, however late a
              // refresh from elsewhere had it due.
              dueAt: sql`case when ${outbox.status} = 'failed' then excluded.due_at when ${outbox.kind} = 'publish' then ${least(db, outbox.dueAt, sql`excluded.due_at`)} else ${outbox.dueAt} end`,
              // A fixed-payload update of one message: the latest content wins.
              payload: sql`excluded.payload`,
            },
          })
          .prepare(),
      ).run({
        key: w.key,
        kind: w.kind,
        channel: w.channel,
        renderer: w.renderer ?? null,
        ref: w.ref ?? null,
        payload: w.payload ? JSON.stringify(w.payload) : null,
        notifyUser: w.notifyUser ?? null,
        at,
      });
      notify();
    },
    /**
     * A `publish` row (key `home:<user>`, rendered by `renderer`) for everyone who opened their Home since
     * `since`, in one statement (a release change runs this inside its transaction, before the click's ack,
     * however many people it concerns). Each row is due no sooner than `gapMs` after that person's last
     * publish; a row already queued keeps the earlier of its due time and that, and is only touched when it
     * must be (on the wire: one more version; failed: a new chance), so a storm of changes stays cheap.
     */
    async enqueueHomes(o: { since: number; gapMs: number; renderer: string }): Promise<void> {
      // Runs before every click's ack, over every recent visitor: one statement (the engine keeps it
      // prepared per SQL text), and a visitor whose row is queued, unclaimed and due soon enough already (the
      // upsert below would leave it alone) is skipped before the insert is tried (a third less CPU for 500
      // visitors). The times are cast: Postgres reads an untyped parameter in a SELECT list as text.
      const at = sql`cast(${now()} as bigint)`;
      const due = greatest(db, at, sql`coalesce(v.published_at, 0) + cast(${o.gapMs} as bigint)`);
      await db.run(sql`insert into outbox (key, kind, channel, renderer, ref, due_at, created_at)
          select 'home:' || v.user_id, 'publish', v.user_id, cast(${o.renderer} as text), v.user_id, ${due}, ${at}
          from home_visitors v where v.opened_at >= ${o.since}
            and not exists (select 1 from outbox o where o.key = 'home:' || v.user_id
              and o.status != 'failed' and o.claimed_until is null
              and o.due_at <= ${due})
          on conflict (key) do update set
            version = outbox.version + 1,
            status = case when outbox.status = 'failed' then 'pending' else outbox.status end,
            due_at = case when outbox.status = 'failed' then excluded.due_at else ${least(db, sql`outbox.due_at`, sql`excluded.due_at`)} end
          where outbox.status = 'failed' or outbox.claimed_until is not null or excluded.due_at < outbox.due_at`);
      notify();
    },
    /** Called after every enqueue, once its transaction committed. */
    onEnqueue(f: () => void) {
      listeners.push(f);
    },
    get: (id: number) =>
      prepareOnce(db, 'outbox.get', () =>
        db
          .select()
          .from(outbox)
          .where(eq(outbox.id, sql.placeholder('id')))
          .prepare(),
      ).get({ id }),
    /**
     * The next pending row of every lane (`orderLaneOf`: rows of one lane go out in id order), oldest first.
     * Reading only the heads keeps the dispatcher's pass cheap however deep a channel's queue is. Home views
     * (`publish`, one row and lane per person: keys are unique) come only as the `publishLimit` due first:
     * the dispatcher sends two at a time, and reading all of them (one per recent visitor, hundreds) on every
     * wake was most of the work between two acks.
     */
    heads: async (publishLimit = Number.POSITIVE_INFINITY): Promise<OutboxHead[]> => {
      // Read on every wake of the dispatcher (after each click's transaction, after each send): prepared
      // once, and only the columns the pass needs (whole rows cost a third more to read).
      const q = prepareOnce(db, 'outbox.heads', () => {
        const publish = () =>
          db
            .select(HEAD)
            .from(outbox)
            .where(and(eq(outbox.status, 'pending'), eq(outbox.kind, 'publish')))
            .orderBy(asc(outbox.dueAt), asc(outbox.id));
        return {
          lanes: db
            .select(HEAD)
            .from(outbox)
            .where(
              inArray(
                outbox.id,
                db
                  .select({ id: min(outbox.id) })
                  .from(outbox)
                  .where(and(eq(outbox.status, 'pending'), ne(outbox.kind, 'publish')))
                  .groupBy(ORDER_LANE),
              ),
            )
            .orderBy(asc(outbox.id))
            .prepare(),
          firstPublish: publish().limit(sql.placeholder('limit')).prepare(),
          // No limit at all rather than a negative one (which Postgres refuses).
          allPublish: publish().prepare(),
        };
      });
      const lanes = await q.lanes.all();
      const homes = Number.isFinite(publishLimit)
        ? await q.firstPublish.all({ limit: publishLimit })
        : await q.allPublish.all();
      return [...lanes, ...homes].sort((a, b) => a.id - b.id);
    },
    /** Pending rows in send order (oldest first). */
    pending: (limit = 1000): Promise<OutboxRow[]> =>
      db.select().from(outbox).where(eq(outbox.status, 'pending')).orderBy(asc(outbox.id)).limit(limit).all(),
    /** Channels where the bot could not post; their rows wait for it to join. */
    blockedChannels: async (): Promise<Set<string>> =>
      new Set(
        (
          await prepareOnce(db, 'outbox.blockedChannels', () =>
            db
              .selectDistinct({ channel: outbox.channel })
              .from(outbox)
              .where(eq(outbox.status, 'blocked'))
              .prepare(),
          ).all()
        ).map((r) => r.channel),
      ),
    /** Takes a row for sending; false when another process holds it (its claim has not run out). */
    async claim(id: number, owner: string, leaseMs: number): Promise<boolean> {
      const at = now();
      // Once per row sent (a Home visitor's row is claimed even when their view is unchanged): prepared once.
      const claim = prepareOnce(db, 'outbox.claim', () => {
        const [by, time] = [sql.placeholder('owner'), sql.placeholder('at')];
        return db
          .update(outbox)
          .set({ claimedBy: sql`${by}`, claimedUntil: sql`${sql.placeholder('until')}` })
          .where(
            and(
              eq(outbox.id, sql.placeholder('id')),
              eq(outbox.status, 'pending'),
              or(isNull(outbox.claimedUntil), lt(outbox.claimedUntil, time), eq(outbox.claimedBy, by)),
            ),
          )
          .prepare();
      });
      return rowsChanged(await claim.run({ id, owner, at, until: at + leaseMs })) === 1;
    },
    /** Gives a row back without sending it (its turn has not come yet). */
    async unclaim(id: number): Promise<void> {
      await db.update(outbox).set(UNCLAIMED).where(eq(outbox.id, id)).run();
    },
    /** Whether posts or uploads queued before row `id` still wait in `channel` (e.g. the post of its message). */
    hasEarlierPosts: async (channel: string, id: number): Promise<boolean> =>
      (await prepareOnce(db, 'outbox.hasEarlierPosts', () =>
        db
          .select({ id: outbox.id })
          .from(outbox)
          .where(
            and(
              eq(outbox.channel, sql.placeholder('channel')),
              lt(outbox.id, sql.placeholder('id')),
              inArray(outbox.kind, ['post', 'upload']),
              ne(outbox.status, 'failed'),
            ),
          )
          .limit(1)
          .prepare(),
      ).get({ channel, id })) !== undefined,
    async markSending(id: number): Promise<void> {
      await prepareOnce(db, 'outbox.markSending', () =>
        db
          .update(outbox)
          .set({ sendingAt: sql`${sql.placeholder('at')}` })
          .where(eq(outbox.id, sql.placeholder('id')))
          .prepare(),
      ).run({ id, at: now() });
    },
    /**
     * Removes a delivered row unless it was marked again while it was being sent (then it stays, to send the
     * newer version). Runs `also` (e.g. storing the posted message's ts) in the same transaction.
     */
    delivered(row: Pick<OutboxRow, 'id' | 'version'>, also?: () => Promise<void>): Promise<void> {
      return db.transaction(async () => {
        await also?.();
        const gone = rowsChanged(
          await prepareOnce(db, 'outbox.delivered', () =>
            db
              .delete(outbox)
              .where(
                and(eq(outbox.id, sql.placeholder('id')), eq(outbox.version, sql.placeholder('version'))),
              )
              .prepare(),
          ).run({ id: row.id, version: row.version }),
        );
        // Marked again while on the wire: sent once more, a little later (more marks coalesce meanwhile) and
        // behind rows that have waited longer (the dispatcher serves rows by due time).
        if (!gone)
          await db
            .update(outbox)
            .set({
              sendingAt: null,
              attempts: 0,
              lastError: null,
              dueAt: now() + RESEND_GAP_MS,
              ...UNCLAIMED,
            })
            .where(eq(outbox.id, row.id))
            .run();
      });
    },
    /** Drops a row that has nothing left to send (e.g. its message is already posted). */
    async drop(id: number): Promise<void> {
      await db.delete(outbox).where(eq(outbox.id, id)).run();
    },
    async retryLater(
      id: number,
      dueAt: number,
      error: string,
      o: { attempt: boolean; fateUnknown: boolean },
    ): Promise<void> {
      await db
        .update(outbox)
        .set({
          dueAt,
          lastError: error,
          ...(o.attempt ? { attempts: sql`${outbox.attempts} + 1` } : {}),
          ...(o.fateUnknown ? {} : { sendingAt: null }),
          ...UNCLAIMED,
        })
        .where(eq(outbox.id, id))
        .run();
    },
    async fail(id: number, error: string): Promise<void> {
      await db
        .update(outbox)
        .set({ status: 'failed', lastError: error, sendingAt: null, ...UNCLAIMED })
        .where(eq(outbox.id, id))
        .run();
    },
    /** Parks every pending non-ephemeral row of a channel until the bot can post there. */
    blockChannel: async (channel: string, error: string): Promise<number> =>
      rowsChanged(
        await db
          .update(outbox)
          .set({ status: 'blocked', lastError: error, sendingAt: null, ...UNCLAIMED })
          .where(and(eq(outbox.channel, channel), eq(outbox.status, 'pending'), ne(outbox.kind, 'ephemeral')))
          .run(),
      ),
    /** Sends a channel's parked rows again (the bot joined, or someone asked to retry). */
    unblockChannel: async (channel: string): Promise<number> =>
      rowsChanged(
        await db
          .update(outbox)
          .set({ status: 'pending', dueAt: now(), attempts: 0 })
          .where(and(eq(outbox.channel, channel), eq(outbox.status, 'blocked')))
          .run(),
      ),
    /** Depth (rows not yet delivered, failed ones excluded) and the age of the oldest, for /metrics. */
    async stats(): Promise<{ depth: number; blocked: number; failed: number; oldestAgeMs: number }> {
      const rows = await db
        .select({ status: outbox.status, n: sql<number>`count(*)`, oldest: min(outbox.createdAt) })
        .from(outbox)
        .groupBy(outbox.status)
        .all();
      const by = (s: string) => rows.find((r) => r.status === s);
      const live = [by('pending'), by('blocked')].filter((r) => r !== undefined);
      const oldest = Math.min(...live.map((r) => r.oldest ?? Number.POSITIVE_INFINITY));
      return {
        depth: live.reduce((n, r) => n + r.n, 0),
        blocked: by('blocked')?.n ?? 0,
        failed: by('failed')?.n ?? 0,
        oldestAgeMs: Number.isFinite(oldest) ? Math.max(0, now() - oldest) : 0,
      };
    },
    /** Rows of the given keys still queued (tests and start-up checks). */
    byKeys: async (keys: string[]): Promise<OutboxRow[]> =>
      keys.length ? db.select().from(outbox).where(inArray(outbox.key, keys)).all() : [],
  };
}
export type OutboxRepo = ReturnType<typeof createOutboxRepo>;
