import { and, eq, isNull, lt } from 'drizzle-orm';
import type { Db } from '../client.js';
import { rowsChanged } from '../dialect-sql.js';
import { jobRuns } from '../schema.js';

/**
 * The exactly-once ledger over job_runs. A period is claimed by inserting its row (the primary key lets one
 * insert through: SQLite's write lock, taken at the start of the transaction, or Postgres's unique index,
 * which makes a second insert wait for the first to commit and then do nothing), so of two processes
 * exactly one sees one row changed. A claim whose run never finished (the process died mid-run) may be
 * taken over once it is older than `staleMs`; the takeover is a compare-and-set on startedAt, so again only
 * one side wins.
 */
export function createJobLedger(db: Db, opts: { staleMs?: number } = {}) {
  const staleMs = opts.staleMs ?? 15 * 60_000;
  return {
    claim(jobId: string, periodKey: string, now: number, late: boolean): Promise<boolean> {
      return db.transaction(async (tx) => {
        const inserted = await tx
          .insert(jobRuns)
          .values({ jobId, periodKey, startedAt: now, late })
          .onConflictDoNothing()
          .run();
        if (rowsChanged(inserted) === 1) return true;
        const taken = await tx
          .update(jobRuns)
          .set({ startedAt: now, late })
          .where(
            and(
              eq(jobRuns.jobId, jobId),
              eq(jobRuns.periodKey, periodKey),
              isNull(jobRuns.finishedAt),
              lt(jobRuns.startedAt, now - staleMs),
            ),
          )
          .run();
        return rowsChanged(taken) === 1;
      });
    },
    async finish(jobId: string, periodKey: string, now: number): Promise<void> {
      await db
        .update(jobRuns)
        .set({ finishedAt: now })
        .where(and(eq(jobRuns.jobId, jobId), eq(jobRuns.periodKey, periodKey)))
        .run();
    },
    /** Gives a period back after a failed run so the next tick retries it. */
    async release(jobId: string, periodKey: string): Promise<void> {
      await db
        .delete(jobRuns)
        .where(and(eq(jobRuns.jobId, jobId), eq(jobRuns.periodKey, periodKey), isNull(jobRuns.finishedAt)))
        .run();
    },
    async hasAnyRun(jobId: string): Promise<boolean> {
      const row = await db
        .select({ k: jobRuns.periodKey })
        .from(jobRuns)
        .where(eq(jobRuns.jobId, jobId))
        .limit(1)
        .get();
      return row !== undefined;
    },
  };
}
export type JobLedger = ReturnType<typeof createJobLedger>;
