import type { JobDeps } from '../jobs/job-deps.js';
import { runMaintenanceNow } from '../jobs/run-maintenance-now.js';
import { renderMaintenanceStatus } from './blocks/maintenance-notices.js';
import type { Block, SlackPoster } from './ports.js';

type StatusDeps = Pick<JobDeps, 'config' | 'maintenance' | 'checklist'> & Pick<SlackPoster, 'permalink'>;

/** `/deploy-check maintenance`: the newest cycle of every maintenance schedule, with thread links. */
export async function maintenanceStatus(
  deps: StatusDeps,
  opts: { canRun: boolean },
): Promise<{ text: string; blocks: Block[] }> {
  const schedules = deps.config.file.maintenance.schedules.filter((s) => s.kind === 'maintenance');
  const cycles = await Promise.all(
    schedules.map(async (s) => {
      const snap = await deps.maintenance.latest(s.id);
      const link = snap?.cycle.ts ? await deps.permalink(snap.cycle.channelId, snap.cycle.ts) : undefined;
      return { scheduleId: s.id, snap, link };
    }),
  );
  return renderMaintenanceStatus(deps.checklist, cycles, opts);
}

/** The `/deploy-check maintenance [run]` handler (FeatureHooks.maintenance): status, or a cycle posted now. */
export function createMaintenanceCommand(
  deps: JobDeps & Pick<SlackPoster, 'permalink'>,
  isAdmin: (userId: string) => Promise<boolean>,
) {
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
