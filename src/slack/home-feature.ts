import type { Checklist } from '../checklist/checklist.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { createHomeRepo } from '../db/repos/home-repo.js';
import type { OutboxRepo } from '../db/repos/outbox-repo.js';
import { createReleaseRepo } from '../db/repos/release-repo.js';
import type { Authorizer } from '../domain/authorizer.js';
import { createNudges } from '../domain/nudges.js';
import type { Logger } from '../logger.js';
import { type AppHome, createAppHome } from './app-home.js';
import type { MaintenanceMessages } from './notices/maintenance-messages.js';
import type { ReleaseThreads } from './release-thread.js';

export type AppHomeVisits = Pick<AppHome, 'visited' | 'answer'>;

/**
 * The App Home and the nudges, wired as one feature. They follow every change that re-renders a release
 * thread (the release service, probes, the watch all go through `threads.refresh`), so `threads` here is
 * the release threads plus "refresh the Homes and look for people to nudge".
 */
export function createHomeFeature(deps: {
  db: Db;
  clock: Clock;
  config: Pick<Config, 'file'>;
  checklist: Checklist;
  logger: Logger;
  authorizer: Authorizer;
  outbox: OutboxRepo;
  threads: ReleaseThreads;
  /** Opens (or finds) the DM channel with a person: conversations.open. */
  openDm: (userId: string) => Promise<string | undefined>;
  /** A person's time zone from their Slack profile: users.info. */
  timeZoneOf: (userId: string) => Promise<string | undefined>;
  /** Least time between two publishes of one person's Home caused by changes elsewhere (HOME_MIN_GAP_MS). */
  minGapMs?: number;
}) {
  const homeRepo = createHomeRepo(deps.db);
  const releaseRepo = createReleaseRepo(deps.db);
  const home = createAppHome({ ...deps, homeRepo, releaseRepo });
  const dms = new Map<string, string>();
  const nudges = createNudges({
    ...deps,
    homeRepo,
    releaseRepo,
    notices: home.notices,
    directChannel: async (userId) => {
      const channel = dms.get(userId) ?? (await deps.openDm(userId));
      if (channel) dms.set(userId, channel);
      return channel;
    },
  });
  const threads: ReleaseThreads = {
    ...deps.threads,
    async refresh(releaseId, sectionIds) {
      await deps.threads.refresh(releaseId, sectionIds);
      await home.refreshVisitors();
      nudges.changed(releaseId);
    },
  };
  return {
    threads,
    renderers: home.renderers,
    /** Maintenance messages that also re-render the Homes (they list the items assigned to each person). */
    followMaintenance: (messages: MaintenanceMessages): MaintenanceMessages => ({
      ...messages,
      async refresh(cycleId) {
        await messages.refresh(cycleId);
        await home.refreshVisitors();
      },
    }),
    /** A release was opened: it shows on everyone's Home. */
    opened: () => home.refreshVisitors(),
    /** What the App Home listener records: visits and answers to clicks. */
    appHome: { visited: home.visited, answer: home.answer },
    /** Nudge evaluations still running (shutdown waits for them). */
    settled: () => nudges.settled(),
    stop: () => nudges.stop(),
  };
}
