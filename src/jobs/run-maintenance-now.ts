import { createAuditRepo } from '../db/repos/audit-repo.js';
import type { CycleSnapshot } from '../domain/maintenance.js';
import { AppError, ErrorCode } from '../errors.js';
import { renderMaintenanceStatus } from '../slack/blocks/maintenance-notices.js';
import type { Block } from '../slack/ports.js';
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
  createAuditRepo(deps.db).record({
    cycleId: snap.cycle.id,
    actor: input.userId,
    action: 'maint.run_now',
    via: input.via,
    at: now,
  });
  return snap;
}

/** `/deploy-check maintenance`: the newest cycle of every maintenance schedule, with thread links. */
export async function maintenanceStatus(
  deps: JobDeps,
  opts: { canRun: boolean },
): Promise<{ text: string; blocks: Block[] }> {
  const schedules = deps.config.file.maintenance.schedules.filter((s) => s.kind === 'maintenance');
  const cycles = await Promise.all(
    schedules.map(async (s) => {
      const snap = deps.maintenance.latest(s.id);
      const link = snap?.cycle.ts
        ? await deps.poster.permalink(snap.cycle.channelId, snap.cycle.ts)
        : undefined;
      return { scheduleId: s.id, snap, link };
    }),
  );
  return renderMaintenanceStatus(deps.checklist, cycles, opts);
}

/** The `/deploy-check maintenance [run]` handler (FeatureHooks.maintenance): status, or a cycle posted now. */
export function createMaintenanceCommand(deps: JobDeps, isAdmin: (userId: string) => Promise<boolean>) {
  return async (input: {
    run: boolean;
    userId: string;
    channelId: string;
  }): Promise<{ text: string; blocks?: Block[] }> => {
    const admin = await isAdmin(input.userId);
    if (!input.run) return maintenanceStatus(deps, { canRun: admin });
    const snap = await runMaintenanceNow(deps, {
      userId: input.userId,
      isAdmin: admin,
      via: 'slash_command',
    });
    return { text: `:white_check_mark: Posted a maintenance cycle in <#${snap.cycle.channelId}>.` };
  };
}
