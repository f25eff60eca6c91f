import type { JobDeps } from './job-deps.js';

const DAY = 86_400_000;

/**
 * One reply per cycle thread listing items still open `nudgeAfterDays` after the cycle was posted,
 * mentioning their owners. Each item is nudged once: the claim and the message commit together, and the
 * outbox delivers the message (retrying while Slack is down).
 */
export async function nudgeOpenItems(deps: JobDeps): Promise<number> {
  const days = deps.config.file.maintenance.nudgeAfterDays;
  return deps.db.transaction(async () => {
    let nudged = 0;
    for (const { cycle, items } of await deps.maintenance.claimNudges(deps.clock.now() - days * DAY)) {
      await deps.notices.nudge(cycle, items, days);
      nudged += items.length;
    }
    return nudged;
  });
}
