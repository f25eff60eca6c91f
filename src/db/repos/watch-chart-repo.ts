import { and, asc, desc, eq, gt, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { prepareOnce } from '../prepared.js';
import { watchCharts, watchSamples } from '../schema.js';

export type WatchChartRow = typeof watchCharts.$inferSelect;
export type WatchChartPurpose = 'reminder' | 'repeat' | 'recovered';

/** A watch's measured samples and the charts drawn from them (see watch_samples, watch_charts). */
export function createWatchChartRepo(db: Db) {
  return {
    /** Runs in the sampling transaction: one row per measured sample (24 h at 10 s is 8,640 rows). */
    async addSample(
      watchId: number,
      s: { at: number; errors: number; total: number; ratio: number },
    ): Promise<void> {
      await prepareOnce(db, 'watchSamples.insert', () =>
        db
          .insert(watchSamples)
          .values({
            watchId: sql.placeholder('watchId'),
            at: sql.placeholder('at'),
            errors: sql.placeholder('errors'),
            total: sql.placeholder('total'),
            ratio: sql.placeholder('ratio'),
          })
          .prepare(),
      ).run({ watchId, ...s });
    },
    samples: (watchId: number, until = Number.MAX_SAFE_INTEGER) =>
      db
        .select({
          at: watchSamples.at,
          errors: watchSamples.errors,
          total: watchSamples.total,
          ratio: watchSamples.ratio,
        })
        .from(watchSamples)
        .where(and(eq(watchSamples.watchId, watchId), lte(watchSamples.at, until)))
        .orderBy(asc(watchSamples.at))
        .all(),
    /** The newest sample's time, or undefined before the first measured sample. */
    lastSampleAt: async (watchId: number): Promise<number | undefined> =>
      (
        await db
          .select({ at: watchSamples.at })
          .from(watchSamples)
          .where(eq(watchSamples.watchId, watchId))
          .orderBy(desc(watchSamples.at))
          .limit(1)
          .get()
      )?.at,
    addChart: async (watchId: number, purpose: WatchChartPurpose, until: number, now: number) =>
      (
        await db
          .insert(watchCharts)
          .values({ watchId, purpose, until, createdAt: now })
          .returning({ id: watchCharts.id })
          .get()
      ).id,
    chart: (id: number): Promise<WatchChartRow | undefined> =>
      db.select().from(watchCharts).where(eq(watchCharts.id, id)).get(),
    async uploaded(id: number, fileId: string, altText: string): Promise<void> {
      await db.update(watchCharts).set({ fileId, altText }).where(eq(watchCharts.id, id)).run();
    },
    async refuse(id: number, now: number): Promise<void> {
      await db.update(watchCharts).set({ refusedAt: now }).where(eq(watchCharts.id, id)).run();
    },
    /** The newest uploaded chart of a watch that Slack did not refuse: what its reminder shows. */
    latestUploaded: (watchId: number) =>
      db
        .select()
        .from(watchCharts)
        .where(
          and(eq(watchCharts.watchId, watchId), isNotNull(watchCharts.fileId), isNull(watchCharts.refusedAt)),
        )
        .orderBy(desc(watchCharts.id))
        .limit(1)
        .get(),
    /** Whether a newer chart of the watch was queued since `id` (the older one need not be drawn). */
    superseded: async (watchId: number, id: number): Promise<boolean> =>
      (await db
        .select({ id: watchCharts.id })
        .from(watchCharts)
        .where(and(eq(watchCharts.watchId, watchId), gt(watchCharts.id, id)))
        .limit(1)
        .get()) !== undefined,
  };
}
export type WatchChartRepo = ReturnType<typeof createWatchChartRepo>;
