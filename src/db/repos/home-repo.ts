import { and, desc, eq, gte, inArray, isNull, max, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { inJsonArray, rowsChanged } from '../dialect-sql.js';
import { prepareOnce } from '../prepared.js';
import {
  auditLog,
  homeVisitors,
  maintenanceCycles,
  maintenanceItems,
  nudgesSent,
  releases,
  watchEvents,
  watches,
} from '../schema.js';
import type { ReleaseRow } from './release-repo.js';

export type HomeVisitor = typeof homeVisitors.$inferSelect;
const LIVE_WATCH = ['active', 'alerting'] as const;

/** Reads for the App Home and the nudges, and their two small tables (visitors, last nudge per person). */
export function createHomeRepo(db: Db) {
  const liveWatch = sql`exists (select 1 from ${watches} where ${watches.releaseId} = ${releases.id} and ${watches.status} in ('active', 'alerting'))`;
  return {
    async recordOpen(userId: string, groups: string[], at: number): Promise<void> {
      await db
        .insert(homeVisitors)
        .values({ userId, groups, openedAt: at })
        .onConflictDoUpdate({ target: homeVisitors.userId, set: { groups, openedAt: at } })
        .run();
    },
    // A Home render (one per visitor after each release change) runs the reads below: prepared once.
    visitor: (userId: string) =>
      prepareOnce(db, 'homeVisitors.get', () =>
        db
          .select()
          .from(homeVisitors)
          .where(eq(homeVisitors.userId, sql.placeholder('userId')))
          .prepare(),
      ).get({ userId }),
    /**
     * Moves whenever a change anyone can see on a Home commits, in this process or another (another
     * replica): every change to a release is audited and every change to a watch writes a watch event, and
     * both tables are append-only, so the sum of their newest ids only grows. Two index lookups, on both
     * engines. Changes that write neither (a display name, a thread's ts) wait for the caller's short TTL, as
     * does, on Postgres, a transaction that took its id before another one but committed after it.
     */
    othersVersion: async (): Promise<number> => {
      const v = await prepareOnce(db, 'home.othersVersion', () =>
        db
          .select({
            audit: max(auditLog.id),
            events: sql<number | null>`(select max(${watchEvents.id}) from ${watchEvents})`,
          })
          .from(auditLog)
          .prepare(),
      ).get();
      return (v?.audit ?? 0) + (v?.events ?? 0);
    },
    /** People who opened Home since `since`: their Home is re-rendered when a release changes. */
    // Every change to a release asks this inside its transaction (before a click's ack): prepared once.
    visitorsSince: async (since: number): Promise<string[]> =>
      (
        await prepareOnce(db, 'homeVisitors.since', () =>
          db
            .select({ userId: homeVisitors.userId })
            .from(homeVisitors)
            .where(gte(homeVisitors.openedAt, sql.placeholder('since')))
            .prepare(),
        ).all({ since })
      ).map((r) => r.userId),
    /** Records the Home view just published for a person (in the transaction that removes its outbox row). */
    async published(userId: string, hash: string, at: number): Promise<void> {
      await prepareOnce(db, 'homeVisitors.published', () =>
        db
          .update(homeVisitors)
          .set({ publishedHash: sql`${sql.placeholder('hash')}`, publishedAt: sql`${sql.placeholder('at')}` })
          .where(eq(homeVisitors.userId, sql.placeholder('userId')))
          .prepare(),
      ).run({ userId, hash, at });
    },
    async setNotice(userId: string, notice: string | null, at: number): Promise<void> {
      await db
        .update(homeVisitors)
        .set({ notice, noticeAt: notice ? at : null })
        .where(eq(homeVisitors.userId, userId))
        .run();
    },
    /** Releases still in play: open, approved, or deployed with a watch running. Newest first. */
    active: (): Promise<ReleaseRow[]> =>
      prepareOnce(db, 'home.active', () =>
        db
          .select()
          .from(releases)
          .where(
            sql`${releases.status} in ('open', 'approved') or (${releases.status} = 'deployed' and ${liveWatch})`,
          )
          .orderBy(desc(releases.createdAt))
          .prepare(),
      ).all(),
    /** Watch status of the releases that have a live one. */
    liveWatches: async (): Promise<Map<string, string>> =>
      new Map(
        (
          await prepareOnce(db, 'home.liveWatches', () =>
            db
              .select({ releaseId: watches.releaseId, status: watches.status })
              .from(watches)
              .where(inArray(watches.status, [...LIVE_WATCH]))
              .prepare(),
          ).all()
        ).map((w) => [w.releaseId, w.status]),
      ),
    /** The last finished releases, newest change first, with how many rollback reminders each drew. */
    async finished(limit: number): Promise<{ release: ReleaseRow; reminders: number }[]> {
      const q = prepareOnce(db, 'home.finished', () => ({
        rows: db
          .select()
          .from(releases)
          .where(
            sql`${releases.status} in ('cancelled', 'rolled_back') or (${releases.status} = 'deployed' and not ${liveWatch})`,
          )
          .orderBy(desc(releases.updatedAt), desc(releases.createdAt))
          .limit(sql.placeholder('limit'))
          .prepare(),
        // The releases vary in number: passed as one JSON array, so the statement stays prepared.
        counts: db
          .select({ releaseId: watches.releaseId, n: sql<number>`count(*)` })
          .from(watchEvents)
          .innerJoin(watches, eq(watches.id, watchEvents.watchId))
          .where(
            and(inJsonArray(db, watches.releaseId, sql.placeholder('ids')), eq(watchEvents.kind, 'reminder')),
          )
          .groupBy(watches.releaseId)
          .prepare(),
      }));
      const rows = await q.rows.all({ limit });
      const ids = rows.map((r) => r.id);
      const counts = new Map(
        ids.length ? (await q.counts.all({ ids: JSON.stringify(ids) })).map((r) => [r.releaseId, r.n]) : [],
      );
      return rows.map((release) => ({ release, reminders: counts.get(release.id) ?? 0 }));
    },
    /** Open maintenance items assigned to `userId` in cycles that are not closed yet. */
    maintenanceFor: (userId: string) =>
      prepareOnce(db, 'home.maintenanceFor', () =>
        db
          .select({
            cycleId: maintenanceCycles.id,
            channelId: maintenanceCycles.channelId,
            ts: maintenanceCycles.ts,
            itemId: maintenanceItems.itemId,
          })
          .from(maintenanceItems)
          .innerJoin(maintenanceCycles, eq(maintenanceCycles.id, maintenanceItems.cycleId))
          .where(
            and(
              eq(maintenanceItems.owner, sql.placeholder('userId')),
              eq(maintenanceItems.state, 'open'),
              isNull(maintenanceCycles.closedAt),
            ),
          )
          .orderBy(desc(maintenanceCycles.id))
          .prepare(),
      ).all({ userId }),
    /** Who made the latest recorded change to a release (the person a nudge must not go to). */
    // Asked after every change to a release (the nudge evaluation): prepared once.
    lastActor: async (releaseId: string): Promise<string | undefined> =>
      (
        await prepareOnce(db, 'home.lastActor', () =>
          db
            .select({ actor: auditLog.actor })
            .from(auditLog)
            .where(eq(auditLog.releaseId, sql.placeholder('releaseId')))
            .orderBy(desc(auditLog.id))
            .limit(1)
            .prepare(),
        ).get({ releaseId })
      )?.actor,
    /**
     * Records a nudge unless this person got one about this release after `notBefore`. The conditional
     * upsert is the claim: two evaluations of the same change never nudge twice.
     */
    async claimNudge(
      releaseId: string,
      userId: string,
      about: string,
      at: number,
      notBefore: number,
    ): Promise<boolean> {
      const r = await db
        .insert(nudgesSent)
        .values({ releaseId, userId, about, at })
        .onConflictDoUpdate({
          target: [nudgesSent.releaseId, nudgesSent.userId],
          set: { about, at },
          setWhere: sql`${nudgesSent.at} <= ${notBefore}`,
        })
        .run();
      return rowsChanged(r) === 1;
    },
  };
}
export type HomeRepo = ReturnType<typeof createHomeRepo>;
