import type { Checklist } from '../checklist/checklist.js';
import { type IssueSignal, issuesMatching } from '../checklist/common-issues.js';
import type { ReleaseRow, WatchRow, WatchStore } from '../db/repos/watch-repo.js';
import type { ObservedSample, ReminderView, WatchDecisionView } from './watch-views.js';

const DECISIONS = new Set(['acknowledged', 'snoozed', 'rolled_back', 'false_alarm']);

/** Release owner (who opened it), who deployed it, and its approvers: the people a reminder mentions. */
export async function mentionsFor(store: WatchStore, release: ReleaseRow): Promise<string[]> {
  const ids = [release.createdBy, release.deployedBy, ...(await store.approvers(release.id))];
  return [...new Set(ids.filter((u): u is string => !!u && /^[UWS][A-Z0-9]+$/.test(u)))];
}

/**
 * What an error-ratio reminder saw: a 5xx spike always; a burst of 401s when a breaching sample's 401
 * share was above the threshold too (only sources that keep exact status codes can tell).
 */
function signalsOf(samples: readonly ObservedSample[], threshold: number): IssueSignal[] {
  const unauthorized = samples.some((x) => x.total > 0 && (x.unauthorized ?? 0) / x.total > threshold);
  return unauthorized ? ['error-spike', 'unauthorized-spike'] : ['error-spike'];
}

/** What the reminder message shows, rebuilt from the stored events so every re-render agrees. */
export async function reminderView(
  store: WatchStore,
  checklist: Pick<Checklist, 'rollbackPlan' | 'commonIssues'>,
  w: WatchRow,
  release: ReleaseRow,
): Promise<ReminderView> {
  const events = await store.events(w.id);
  const planTicks: Record<string, { by: string; at: number }> = {};
  const decisions: WatchDecisionView[] = [];
  let reminder: Record<string, unknown> | undefined;
  let reminderAt = w.startedAt;
  for (const e of events) {
    const d = (e.detail ?? {}) as Record<string, unknown>;
    if (e.kind === 'reminder' && d.repeat !== true) {
      reminder = d;
      reminderAt = e.at;
      // Decisions belong to one alert episode; a new reminder starts a fresh list.
      decisions.length = 0;
    } else if (e.kind === 'plan_step' && typeof d.itemId === 'string') {
      if (d.ticked) planTicks[d.itemId] = { by: e.actor ?? 'unknown', at: e.at };
      else delete planTicks[d.itemId];
    } else if (DECISIONS.has(e.kind) && e.actor)
      decisions.push({
        kind: e.kind as WatchDecisionView['kind'],
        actor: e.actor,
        at: e.at,
        minutes: typeof d.minutes === 'number' ? d.minutes : undefined,
      });
  }
  const observed = reminder?.observed as ReminderView['observed'];
  const samples = Array.isArray(reminder?.samples) ? (reminder.samples as ObservedSample[]) : [];
  const alert = reminder?.alert as ReminderView['alert'];
  const last = decisions.at(-1)?.kind;
  const chart = await store.charts.latestUploaded(w.id);
  return {
    watchId: w.id,
    service: release.service,
    version: release.version,
    env: release.env,
    mentions: await mentionsFor(store, release),
    observed,
    samples,
    intervalMs: w.settings.intervalMs,
    issues: observed ? issuesMatching(checklist.commonIssues, signalsOf(samples, w.settings.threshold)) : [],
    alert,
    since: typeof reminder?.since === 'number' ? reminder.since : reminderAt,
    threshold: w.settings.threshold,
    consecutive: w.settings.consecutive,
    plan: checklist.rollbackPlan.map((i) => ({ id: i.id, text: i.text })),
    planTicks,
    decisions,
    closed: last === 'rolled_back' || last === 'false_alarm' || w.status === 'rolled_back',
    ...(chart?.fileId
      ? { chart: { fileId: chart.fileId, altText: chart.altText ?? 'Error-rate chart' } }
      : {}),
  };
}
