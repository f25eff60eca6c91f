import { createAuditRepo } from '../db/repos/audit-repo.js';
import type { CycleSnapshot } from '../domain/maintenance.js';
import { AppError, ErrorCode } from '../errors.js';
import type { JobDeps } from './job-deps.js';
import { postMaintenanceCycle } from './maintenance-cycle-job.js';

/**
 * Posts a cycle of the first maintenance schedule on demand. Admins only: others get AppError(FORBIDDEN)
 * naming who can. On-demand cycles get their own period key, so the scheduled one still posts.
 */
export async function runMaintenanceNow(
  deps: JobDeps,
  input: { userId: string; isAdmin: boolean; via: 'slash_command' | 'block_action' },
): Promise<CycleSnapshot> {
  deps.maintenance.assertCanRunNow(input.userId, input.isAdmin);
  const schedule = deps.config.file.maintenance.schedules.find((s) => s.kind === 'maintenance');
  if (!schedule)
    throw new AppError(
      ErrorCode.INVALID_STATE,
      'No `kind: maintenance` schedule is configured (maintenance.schedules).',
    );
  const now = deps.clock.now();
  const snap = await postMaintenanceCycle(
    deps,
    schedule,
    { periodKey: `manual:${new Date(now).toISOString()}` },
    { late: false },
  );
  if (!snap)
    throw new AppError(
      ErrorCode.INVALID_STATE,
      `Schedule "${schedule.id}" has no channel: set its channel or defaultChannel in the config file.`,
    );
  await createAuditRepo(deps.db).record({
    cycleId: snap.cycle.id,
    actor: input.userId,
    action: 'maint.run_now',
    via: input.via,
    at: now,
  });
  return snap;
}
