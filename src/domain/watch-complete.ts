import type { Checklist } from '../checklist/checklist.js';
import type { Db } from '../db/client.js';
import type { WatchRow, WatchStore } from '../db/repos/watch-repo.js';
import type { DetectorState } from '../monitor/detector.js';
import type { WatchNotices } from '../monitor/watch-notices.js';
import { type ItemState, setItemState } from './item-states.js';

type Outcome = { state: ItemState; evidence: string } | undefined;

const pct = (r: number) => `${(r * 100).toFixed(2)}%`;

/** What each monitor verifier can say about the finished watch; undefined when it has nothing to say. */
function outcomes(w: WatchRow, d: DetectorState, quiet: boolean): Record<string, Outcome> {
  const checks = d.healthOk + d.healthFailed;
  const health: Outcome =
    d.healthFailed > 0
      ? {
          state: 'failing',
          evidence: `watch ${w.id}: ${d.healthFailed} of ${checks} health checks failed (${w.settings.healthUrl})`,
        }
      : d.healthOk > 0
        ? {
            state: 'done',
            evidence: `watch ${w.id}: ${d.healthOk} of ${checks} health checks passed over ${w.settings.windowMinutes} min (${w.settings.healthUrl})`,
          }
        : undefined;
  const overall = d.requests > 0 ? d.errors / d.requests : 0;
  const figures = `${pct(overall)} errors (${d.errors} of ${d.requests} requests) over ${d.samples} samples, peak ${pct(d.peakRatio)}, threshold ${pct(w.settings.threshold)}`;
  const realAlerts = d.alerts - d.falseAlarms;
  const errorRate: Outcome = !w.settings.sampled
    ? undefined
    : quiet
      ? { state: 'done', evidence: `watch ${w.id}: no spike; ${figures}` }
      : realAlerts > 0
        ? { state: 'failing', evidence: `watch ${w.id}: ${realAlerts} alert(s); ${figures}` }
        : undefined;
  return { 'monitor:health': health, 'monitor:error-rate': errorRate };
}

/**
 * End of the window: marks the post-deployment items the watch can verify (by their `verifiedBy`, not by
 * id) with the figures as evidence, and posts the summary. A person's own answer on an item is kept.
 */
export async function completeWatch(
  deps: {
    db: Db;
    store: WatchStore;
    checklist: Checklist;
    notices: Pick<WatchNotices, 'completed'>;
    onReleaseChanged: (releaseId: string) => Promise<void>;
  },
  w: WatchRow,
  quiet: boolean,
): Promise<void> {
  const d = w.state.detector;
  const byVerifier = outcomes(w, d, quiet);
  const verified: string[] = [];
  let changed = false;
  for (const item of deps.checklist.postDeployment.groups.flatMap((g) => g.items)) {
    const mine = (item.verifiedBy ?? []).filter((v) => v.startsWith('monitor:'));
    if (mine.length === 0) continue;
    const results = mine.map((v) => byVerifier[v]);
    const failing = results.find((r) => r?.state === 'failing');
    const all = results.every((r) => r?.state === 'done');
    const result = failing ?? (all ? results[0] : undefined);
    if (!result) continue;
    const current = await deps.store.itemState(w.releaseId, item.id);
    if (current && current.source === 'user' && current.state !== 'open') continue;
    const evidence = results.map((r) => r?.evidence).join('; ');
    changed =
      (await setItemState(deps.db, {
        releaseId: w.releaseId,
        itemId: item.id,
        state: result.state,
        source: 'watch',
        by: 'watch',
        at: w.updatedAt,
        evidence,
        via: 'watch',
      })) || changed;
    if (result.state === 'done') verified.push(item.text);
  }
  await deps.store.event(w.id, 'verified', w.updatedAt, undefined, { items: verified });
  await deps.notices.completed(w.releaseId, {
    ...d,
    quiet,
    windowMinutes: w.settings.windowMinutes,
    sampled: w.settings.sampled,
    verified,
  });
  if (changed) await deps.onReleaseChanged(w.releaseId);
}
