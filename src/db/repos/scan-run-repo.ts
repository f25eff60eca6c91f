import { asc, eq } from 'drizzle-orm';
import type { VerdictEffects } from '../../model/item-change.js';
import type { ScanReport } from '../../model/scan-report.js';
import type { Db } from '../client.js';
import { scanRuns } from '../schema.js';

export type ScanRunRow = typeof scanRuns.$inferSelect;

/** scan_runs: one row per submitted repository scan, with the report as received and what it changed. */
export function createScanRunRepo(db: Db) {
  return {
    /** Stores a run; returns its id (shown in Slack and the export as "scan run #id"). */
    async insert(r: {
      releaseId: string;
      report: ScanReport;
      submittedBy: string;
      via: string;
      receivedAt: number;
    }): Promise<number> {
      const { summary } = r.report;
      const row = await db
        .insert(scanRuns)
        .values({
          releaseId: r.releaseId,
          commit: r.report.commit ?? null,
          appRoot: r.report.appRoot,
          submittedBy: r.submittedBy,
          via: r.via,
          startedAt: Date.parse(r.report.startedAt),
          receivedAt: r.receivedAt,
          ...summary,
          report: r.report,
          effects: { ticked: [], failing: [], flagged: [] },
        })
        .returning({ id: scanRuns.id })
        .get();
      return row.id;
    },
    async setEffects(id: number, effects: VerdictEffects): Promise<void> {
      await db.update(scanRuns).set({ effects }).where(eq(scanRuns.id, id)).run();
    },
    get: (id: number): Promise<ScanRunRow | undefined> =>
      db.select().from(scanRuns).where(eq(scanRuns.id, id)).get(),
    forRelease: (releaseId: string): Promise<ScanRunRow[]> =>
      db
        .select()
        .from(scanRuns)
        .where(eq(scanRuns.releaseId, releaseId))
        .orderBy(asc(scanRuns.receivedAt), asc(scanRuns.id))
        .all(),
  };
}
export type ScanRunRepo = ReturnType<typeof createScanRunRepo>;
