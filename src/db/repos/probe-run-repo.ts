import type { ProbeReport } from '../../model/probe-report.js';
import type { Db } from '../client.js';
import { probeResults, probeRuns } from '../schema.js';

/** Stores a probe run and its results; returns the run id (shown in Slack as evidence). */
export function recordProbeRun(
  db: Db,
  r: {
    report: ProbeReport;
    releaseId?: string | undefined;
    service?: string | undefined;
    requestedBy: string;
  },
): Promise<number> {
  return db.transaction(async (tx) => {
    const { summary } = r.report;
    const run = await tx
      .insert(probeRuns)
      .values({
        releaseId: r.releaseId ?? null,
        service: r.service ?? null,
        target: r.report.target,
        requestedBy: r.requestedBy,
        startedAt: Date.parse(r.report.startedAt),
        durationMs: r.report.durationMs,
        ...summary,
      })
      .returning({ id: probeRuns.id })
      .get();
    for (const x of r.report.results)
      await tx
        .insert(probeResults)
        .values({
          runId: run.id,
          probeId: x.id,
          status: x.status,
          summary: x.summary,
          details: x.details,
          remediation: x.remediation,
          durationMs: x.durationMs,
        })
        .run();
    return run.id;
  });
}
