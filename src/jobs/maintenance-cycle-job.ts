import type { ScheduleConfig } from '../config.js';
import type { CycleSnapshot } from '../domain/maintenance.js';
import { renderMaintenanceCycle } from '../slack/blocks/maintenance-cycle.js';
import { renderOverdueSummary, renderReminder } from '../slack/blocks/maintenance-notices.js';
import type { JobDeps } from './job-deps.js';

function channelFor(deps: JobDeps, schedule: ScheduleConfig): string | undefined {
  const channel = schedule.channel ?? deps.config.file.defaultChannel;
  if (!channel) {
    const i = deps.config.file.maintenance.schedules.findIndex((s) => s.id === schedule.id);
    deps.logger.error(
      { schedule: schedule.id },
      `maintenance schedule "${schedule.id}" has no channel: set maintenance.schedules[${i}].channel or defaultChannel in the config file`,
    );
  }
  return channel;
}

/**
 * Opens the cycle for (schedule, period) and posts its interactive message, then closes older cycles of
 * the same schedule and posts what they left open in the new thread. Re-running for the same period
 * resumes a half-done run (cycle stored, message not yet posted) and never posts twice once ts is stored.
 */
export async function postMaintenanceCycle(
  deps: JobDeps,
  schedule: ScheduleConfig,
  period: { periodKey: string },
  opts: { late: boolean },
): Promise<CycleSnapshot | undefined> {
  const { maintenance, poster, checklist, logger } = deps;
  const channelId = channelFor(deps, schedule);
  if (!channelId) return undefined;
  let snap = maintenance.openCycle({
    scheduleId: schedule.id,
    periodKey: period.periodKey,
    channelId,
    late: opts.late,
  });
  if (!snap.cycle.ts) {
    const posted = await poster.post({ channel: channelId, ...renderMaintenanceCycle(snap, checklist) });
    maintenance.setTs(snap.cycle.id, posted.ts);
    snap = { ...snap, cycle: { ...snap.cycle, ts: posted.ts, channelId: posted.channel } };
  }
  for (const prev of maintenance.unclosedBefore(schedule.id, snap.cycle.id)) {
    const open = maintenance.close(prev.id);
    if (open.length)
      await poster.post({
        channel: channelId,
        threadTs: snap.cycle.ts ?? undefined,
        ...renderOverdueSummary(checklist, prev.periodKey, open),
      });
    const closed = maintenance.snapshot(prev.id);
    if (closed?.cycle.ts)
      await poster
        .update({
          channel: closed.cycle.channelId,
          ts: closed.cycle.ts,
          ...renderMaintenanceCycle(closed, checklist),
        })
        .catch((e) =>
          logger.warn({ error: (e as Error).message, cycleId: prev.id }, 'could not mark cycle closed'),
        );
  }
  return snap;
}

/** A `kind: reminder` schedule posts its text once per period. */
export async function postReminder(
  deps: JobDeps,
  schedule: ScheduleConfig,
  period: { periodKey: string },
  opts: { late: boolean },
): Promise<void> {
  const channel = channelFor(deps, schedule);
  if (!channel) return;
  await deps.poster.post({ channel, ...renderReminder(schedule.text, period.periodKey, opts.late) });
}
