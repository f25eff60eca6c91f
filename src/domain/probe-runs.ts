import type { Checklist } from '../checklist/checklist.js';
import type { Db } from '../db/client.js';
import type { VerdictEffects } from '../model/item-change.js';
import type { ProbeReport } from '../probes/types.js';
import { applyMachineVerdicts } from './machine-verdicts.js';

/**
 * Ticks the items a passing probe verifies ("verified by probe", with the run) and marks the items of a failing
 * probe as failing, which blocks approval until re-run green or overridden. Items a person marked N/A, and
 * items whose probes only warned or were skipped, are left alone (warnings are returned as `flagged`).
 * The rules are machine-verdicts.ts's, shared with the repository scan.
 */
export function applyProbeRunToRelease(
  db: Db,
  a: {
    checklist: Checklist;
    releaseId: string;
    report: ProbeReport;
    runId: number;
    at: number;
    /** Who the audit log names: the person who ran the probes, or 'probe' for scheduled runs. */
    by?: string | undefined;
  },
): Promise<VerdictEffects> {
  const byId = new Map<string, ProbeReport['results'][number]>(a.report.results.map((r) => [r.id, r]));
  return applyMachineVerdicts(db, {
    ...{ checklist: a.checklist, releaseId: a.releaseId, at: a.at },
    source: 'probe',
    by: a.by ?? 'probe',
    judge(ids) {
      const probes = ids.map((id) => byId.get(id)).filter((r) => r !== undefined);
      const failed = probes.filter((p) => p.status === 'fail');
      const ran = probes.filter((p) => p.status !== 'skip');
      if (failed.length)
        return {
          verdict: 'fail',
          evidence: `probe run #${a.runId}: ${failed.map((p) => `${p.id} fail — ${p.summary}`).join('; ')}`,
        };
      if (ran.length && ran.every((p) => p.status === 'pass'))
        return {
          verdict: 'pass',
          evidence: `probe run #${a.runId} at ${a.report.startedAt}: ${ran.map((p) => p.id).join(', ')} pass`,
        };
      if (ran.some((p) => p.status === 'warn'))
        return { verdict: 'warn', evidence: `probe run #${a.runId}: warnings only` };
      return undefined;
    },
  });
}
