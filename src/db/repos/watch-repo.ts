import { and, asc, desc, eq, inArray, isNull, lt, or } from 'drizzle-orm';
import type { DetectorSettings, DetectorState } from '../../model/detector-state.js';
import type { Db } from '../client.js';
import { rowsChanged, serializeOn } from '../dialect-sql.js';
import { approvals, itemStates, releases, watchEvents, watches } from '../schema.js';
import { type AuditEntry, createAuditRepo } from './audit-repo.js';
import { createWatchChartRepo } from './watch-chart-repo.js';

export type WatchStatus = 'active' | 'alerting' | 'completed' | 'rolled_back' | 'cancelled';
export const LIVE: WatchStatus[] = ['active', 'alerting'];

/** What a watch stores in `watches.state`: the detector's state plus what the sampling loop carries over. */
export interface WatchState {
  detector: DetectorState;
  /** The source's carry-over (previous /metrics counters). */
  memo?: Record<string, unknown> | undefined;
  /** Only in watches saved by versions before the outbox: a reminder decided but not yet posted (adopted on resume). */
  pendingReminder?:
    | { repeat: boolean; observed?: { ratio: number; errors: number; total: number } | undefined }
    | undefined;
  /** Alertmanager fingerprints already turned into a reminder (Alertmanager re-sends firing alerts). */
  fingerprints?: string[] | undefined;
  /** Why the source was last unavailable, for the "back" message. */
  sourceError?: string | undefined;
}

/** Settings frozen at start, so a config change does not alter a running watch. */
export interface WatchSettings extends DetectorSettings {
  intervalMs: number;
  windowMinutes: number;
  sourceType: 'prometheus' | 'metrics' | 'alertmanager' | 'none';
  sourceLabel: string;
  healthUrl: string;
}

export type WatchRow = Omit<typeof watches.$inferSelect, 'settings' | 'state'> & {
  settings: WatchSettings;
  state: WatchState;
};
/** What a replica needs to know to time a watch: when it is due and who holds it (see watch-lease.ts). */
export type WatchLease = Pick<WatchRow, 'id' | 'nextSampleAt' | 'leaseOwner' | 'leaseUntil'>;
export type WatchEventRow = typeof watchEvents.$inferSelect;
export type ReleaseRow = typeof releases.$inferSelect;

/** Data access for watches and their events; rules live in watch-service.ts. */
export function createWatchStore(db: Db) {
  const audit = createAuditRepo(db);
  // The JSON columns are typed as plain records in the schema; this module is the only writer of their shape.
  const cast = (r: typeof watches.$inferSelect | undefined) => r as unknown as WatchRow | undefined;
  const castAll = (rs: (typeof watches.$inferSelect)[]) => rs as unknown as WatchRow[];
  return {
    /** Samples and charts (src/db/repos/watch-chart-repo.ts). */
    charts: createWatchChartRepo(db),
    get: async (id: number) => cast(await db.select().from(watches).where(eq(watches.id, id)).get()),
    live: async () => castAll(await db.select().from(watches).where(inArray(watches.status, LIVE)).all()),
    liveForRelease: async (releaseId: string) =>
      cast(
        await db
          .select()
          .from(watches)
          .where(and(eq(watches.releaseId, releaseId), inArray(watches.status, LIVE)))
          .limit(1)
          .get(),
      ),
    latestForRelease: async (releaseId: string) =>
      cast(
        await db
          .select()
          .from(watches)
          .where(eq(watches.releaseId, releaseId))
          .orderBy(desc(watches.id))
          .limit(1)
          .get(),
      ),
    liveForService: async (service: string) =>
      castAll(await db.select().from(watches).where(inArray(watches.status, LIVE)).all()).filter(
        (w) => w.service.toLowerCase() === service.toLowerCase(),
      ),
    insert: async (row: Omit<WatchRow, 'id' | 'reminderTs' | 'leaseOwner' | 'leaseUntil'>): Promise<number> =>
      (
        await db
          .insert(watches)
          .values({ ...row, settings: { ...row.settings }, state: { ...row.state } })
          .returning({ id: watches.id })
          .get()
      ).id,
    update: async (
      id: number,
      set: Partial<Pick<WatchRow, 'status' | 'nextSampleAt' | 'state' | 'reminderTs'>> & {
        updatedAt: number;
      },
    ): Promise<void> => {
      const { state, ...rest } = set;
      await db
        .update(watches)
        .set({ ...rest, ...(state ? { state: { ...state } } : {}) })
        .where(eq(watches.id, id))
        .run();
    },
    /** Every live watch's timing and holder: the discovery pass, one cheap query for all of them. */
    leases: (): Promise<WatchLease[]> =>
      db
        .select({
          id: watches.id,
          nextSampleAt: watches.nextSampleAt,
          leaseOwner: watches.leaseOwner,
          leaseUntil: watches.leaseUntil,
        })
        .from(watches)
        .where(inArray(watches.status, LIVE))
        .all(),
    /**
     * Takes or renews the lease on a live watch for `owner` until `until`, in one statement: true when `owner`
     * already held it or nobody did (never held, released, or run out before `now`).
     */
    takeLease: async (id: number, owner: string, now: number, until: number): Promise<boolean> =>
      rowsChanged(
        await db
          .update(watches)
          .set({ leaseOwner: owner, leaseUntil: until })
          .where(
            and(
              eq(watches.id, id),
              inArray(watches.status, LIVE),
              or(
                eq(watches.leaseOwner, owner),
                isNull(watches.leaseOwner),
                isNull(watches.leaseUntil),
                lt(watches.leaseUntil, now),
              ),
            ),
          )
          .run(),
      ) === 1,
    /**
     * Writes a sample's outcome only if `owner` still holds the watch and its step (`next_sample_at`) is still
     * the one sampled: false when another replica took the watch or applied this step first (nothing written).
     */
    commitStep: async (
      id: number,
      guard: { owner: string; step: number },
      set: Pick<WatchRow, 'status' | 'nextSampleAt' | 'state' | 'updatedAt'> & { leaseUntil: number },
    ): Promise<boolean> =>
      rowsChanged(
        await db
          .update(watches)
          .set({ ...set, state: { ...set.state } })
          .where(
            and(
              eq(watches.id, id),
              eq(watches.leaseOwner, guard.owner),
              eq(watches.nextSampleAt, guard.step),
              inArray(watches.status, LIVE),
            ),
          )
          .run(),
      ) === 1,
    /** Gives up every lease `owner` holds (graceful stop), so other replicas take its watches at once. */
    releaseLeases: async (owner: string): Promise<void> => {
      await db
        .update(watches)
        .set({ leaseOwner: null, leaseUntil: null })
        .where(eq(watches.leaseOwner, owner))
        .run();
    },
    event: async (
      watchId: number,
      kind: string,
      at: number,
      actor?: string,
      detail?: Record<string, unknown>,
    ): Promise<void> => {
      await db
        .insert(watchEvents)
        .values({ watchId, kind, at, actor: actor ?? null, detail: detail ?? null })
        .run();
    },
    events: (watchId: number): Promise<WatchEventRow[]> =>
      db
        .select()
        .from(watchEvents)
        .where(eq(watchEvents.watchId, watchId))
        .orderBy(asc(watchEvents.id))
        .all(),
    audit: (row: AuditEntry): Promise<void> => audit.record(row),
    itemState: (releaseId: string, itemId: string): Promise<typeof itemStates.$inferSelect | undefined> =>
      db
        .select()
        .from(itemStates)
        .where(and(eq(itemStates.releaseId, releaseId), eq(itemStates.itemId, itemId)))
        .get(),
    release: (id: string): Promise<ReleaseRow | undefined> =>
      db.select().from(releases).where(eq(releases.id, id)).get(),
    approvers: async (releaseId: string): Promise<string[]> =>
      (
        await db
          .select({ userId: approvals.userId })
          .from(approvals)
          .where(eq(approvals.releaseId, releaseId))
          .orderBy(asc(approvals.at))
          .all()
      ).map((a) => a.userId),
    /** First in a transaction that reads a watch, decides and writes it: replicas take turns (dialect-sql.ts). */
    lockWatch: (id: number): Promise<void> => serializeOn(db, `watch:${id}`),
    transaction: <T>(fn: () => Promise<T>): Promise<T> => db.transaction(() => fn()),
  };
}
export type WatchStore = ReturnType<typeof createWatchStore>;
