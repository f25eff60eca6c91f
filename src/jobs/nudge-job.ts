import { renderNudge } from '../slack/blocks/maintenance-notices.js';
import type { JobDeps } from './job-deps.js';

const DAY = 86_400_000;

/**
 * One reply per cycle thread listing items still open `nudgeAfterDays` after the cycle was posted,
 * mentioning their owners. Each item is nudged once; a failed post gives the claim back.
 */
export async function nudgeOpenItems(deps: JobDeps): Promise<number> {
  const days = deps.config.file.maintenance.nudgeAfterDays;
  const groups = deps.maintenance.claimNudges(deps.clock.now() - days * DAY);
  let nudged = 0;
  for (const { cycle, items } of groups) {
    try {
      await deps.poster.post({
        channel: cycle.channelId,
        threadTs: cycle.ts ?? undefined,
        ...renderNudge(deps.checklist, items, days),
      });
      nudged += items.length;
    } catch (e) {
      deps.maintenance.unclaimNudges(
        cycle.id,
        items.map((i) => i.itemId),
      );
      deps.logger.warn({ error: (e as Error).message, cycleId: cycle.id }, 'nudge post failed; will retry');
    }
  }
  return nudged;
}
