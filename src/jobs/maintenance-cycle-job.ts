import type { ScheduleConfig } from '../config.js';
import type { CycleSnapshot } from '../domain/maintenance.js';
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
  const { maintenance, notices, db } = deps;
  const channelId = channelFor(deps, schedule);
  if (!channelId) return undefined;
  // One transaction: the cycle, the closing of older ones and every message they cause are saved together;
  // the outbox posts them in order (the new message first, then the summaries in its thread).
  return db.transaction(async () => {
    const snap = await maintenance.openCycle({
      scheduleId: schedule.id,
      periodKey: period.periodKey,
      channelId,
      late: opts.late,
    });
    await notices.cycleOpened(snap.cycle.id);
    for (const prev of await maintenance.unclosedBefore(schedule.id, snap.cycle.id)) {
      if ((await maintenance.close(prev.id)).length) await notices.overdue(snap.cycle.id, prev.id);
      await notices.cycleChanged(prev.id);
    }
    return snap;
  });
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
  await deps.notices.reminder(channel, {
    scheduleId: schedule.id,
    text: schedule.text,
    periodKey: period.periodKey,
    late: opts.late,
  });
}
