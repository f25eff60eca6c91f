import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../client.js';
import {
  approvals,
  itemStates,
  probeResults,
  probeRuns,
  releases,
  scanRuns,
  sectionSignoffs,
  slackUsers,
  watchEvents,
  watches,
  watchSamples,
} from '../schema.js';
import { createAuditRepo } from './audit-repo.js';

/** Every row about one release, for the audit export. Call inside a snapshot transaction (`{ behavior: 'deferred' }`) for one consistent state. */
export function createReleaseRecordRepo(db: Db) {
  return {
    async read(releaseId: string) {
      const release = await db.select().from(releases).where(eq(releases.id, releaseId)).get();
      if (!release) return undefined;
      const states = await db.select().from(itemStates).where(eq(itemStates.releaseId, releaseId)).all();
      const signoffs = await db
        .select()
        .from(sectionSignoffs)
        .where(eq(sectionSignoffs.releaseId, releaseId))
        .all();
      const approvalRows = await db
        .select({ userId: approvals.userId, at: approvals.at })
        .from(approvals)
        .where(eq(approvals.releaseId, releaseId))
        .orderBy(asc(approvals.at), asc(approvals.userId))
        .all();
      const runs = await db
        .select()
        .from(probeRuns)
        .where(eq(probeRuns.releaseId, releaseId))
        .orderBy(asc(probeRuns.startedAt), asc(probeRuns.id))
        .all();
      const results = runs.length
        ? await db
            .select()
            .from(probeResults)
            .where(
              inArray(
                probeResults.runId,
                runs.map((r) => r.id),
              ),
            )
            .all()
        : [];
      const scans = await db
        .select()
        .from(scanRuns)
        .where(eq(scanRuns.releaseId, releaseId))
        .orderBy(asc(scanRuns.receivedAt), asc(scanRuns.id))
        .all();
      const watchRows = await db
        .select()
        .from(watches)
        .where(eq(watches.releaseId, releaseId))
        .orderBy(asc(watches.startedAt), asc(watches.id))
        .all();
      const events = watchRows.length
        ? await db
            .select()
            .from(watchEvents)
            .where(
              inArray(
                watchEvents.watchId,
                watchRows.map((w) => w.id),
              ),
            )
            .orderBy(asc(watchEvents.id))
            .all()
        : [];
      const samples = watchRows.length
        ? await db
            .select()
            .from(watchSamples)
            .where(
              inArray(
                watchSamples.watchId,
                watchRows.map((w) => w.id),
              ),
            )
            .orderBy(asc(watchSamples.watchId), asc(watchSamples.at))
            .all()
        : [];
      const audit = await createAuditRepo(db).forRelease(releaseId);
      return {
        release,
        states,
        signoffs,
        approvals: approvalRows,
        runs,
        results,
        scans,
        watches: watchRows,
        events,
        samples,
        audit,
      };
    },
    names: (ids: string[]): Promise<(typeof slackUsers.$inferSelect)[]> =>
      db.select().from(slackUsers).where(inArray(slackUsers.id, ids)).orderBy(asc(slackUsers.id)).all(),
  };
}
