import type { Checklist } from '../checklist/checklist.js';
import type { Db } from '../db/client.js';
import { createItemStateRepo } from '../db/repos/item-state-repo.js';
import type { ProbeReport } from '../probes/types.js';
import { setItemState } from './item-states.js';

/**
 * Ticks the items a passing probe verifies ("verified by probe", with the run) and marks the items of a failing
 * probe as failing, which blocks approval until re-run green or overridden. Items a person marked N/A, and
 * items whose probes only warned or were skipped, are left alone (warnings are returned as `flagged`).
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
): { ticked: string[]; failing: string[]; flagged: string[] } {
  const items = createItemStateRepo(db);
  const byId = new Map(a.report.results.map((r) => [`probe:${r.id}`, r]));
  const out = { ticked: [] as string[], failing: [] as string[], flagged: [] as string[] };
  for (const [itemId, { item }] of a.checklist.itemById) {
    const probes = (item.verifiedBy ?? [])
      .filter((v) => v.startsWith('probe:'))
      .map((v) => byId.get(v))
      .filter((r) => r !== undefined);
    if (!probes.length) continue;
    const current = items.get(a.releaseId, itemId);
    if (current?.state === 'na') continue;
    const failed = probes.filter((p) => p.status === 'fail');
    const ran = probes.filter((p) => p.status !== 'skip');
    const base = {
      releaseId: a.releaseId,
      itemId,
      source: 'probe' as const,
      by: a.by ?? 'probe',
      at: a.at,
      via: 'probe' as const,
    };
    if (failed.length) {
      setItemState(db, {
        ...base,
        state: 'failing',
        evidence: `probe run #${a.runId}: ${failed.map((p) => `${p.id} fail — ${p.summary}`).join('; ')}`,
      });
      out.failing.push(itemId);
    } else if (ran.length && ran.every((p) => p.status === 'pass')) {
      // A person's own tick stays theirs; the probe only upgrades open or previously failing items.
      if (current?.state === 'done' && current.source === 'user') continue;
      setItemState(db, {
        ...base,
        state: 'done',
        evidence: `probe run #${a.runId} at ${a.report.startedAt}: ${ran.map((p) => p.id).join(', ')} pass`,
      });
      out.ticked.push(itemId);
    } else if (ran.some((p) => p.status === 'warn')) {
      if (current?.state === 'failing')
        setItemState(db, { ...base, state: 'open', evidence: `probe run #${a.runId}: warnings only` });
      out.flagged.push(itemId);
    }
  }
  return out;
}
