import { and, eq, isNull, lt } from 'drizzle-orm';
import type { Db } from '../client.js';
import { jobRuns } from '../schema.js';

/**
 * The exactly-once ledger over job_runs. A period is claimed by inserting its row inside an IMMEDIATE
 * transaction (which takes SQLite's write lock first), so of two processes on the same file exactly one
 * sees `changes === 1`. A claim whose run never finished (the process died mid-run) may be taken over once
 * it is older than `staleMs`; the takeover is a compare-and-set on startedAt, so again only one side wins.
 */
export function createJobLedger(db: Db, opts: { staleMs?: number } = {}) {
  const staleMs = opts.staleMs ?? 15 * 60_000;
  return {
    claim(jobId: string, periodKey: string, now: number, late: boolean): boolean {
      return db.transaction(
        (tx) => {
          const inserted = tx
            .insert(jobRuns)
            .values({ jobId, periodKey, startedAt: now, late })
            .onConflictDoNothing()
            .run();
          if (inserted.changes === 1) return true;
          const taken = tx
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
          return taken.changes === 1;
        },
        { behavior: 'immediate' },
      );
    },
    finish(jobId: string, periodKey: string, now: number): void {
      db.update(jobRuns)
        .set({ finishedAt: now })
        .where(and(eq(jobRuns.jobId, jobId), eq(jobRuns.periodKey, periodKey)))
        .run();
    },
    /** Gives a period back after a failed run so the next tick retries it. */
    release(jobId: string, periodKey: string): void {
      db.delete(jobRuns)
        .where(and(eq(jobRuns.jobId, jobId), eq(jobRuns.periodKey, periodKey), isNull(jobRuns.finishedAt)))
        .run();
    },
    hasAnyRun(jobId: string): boolean {
      return (
        db.select({ k: jobRuns.periodKey }).from(jobRuns).where(eq(jobRuns.jobId, jobId)).get() !== undefined
      );
    },
  };
}
export type JobLedger = ReturnType<typeof createJobLedger>;
