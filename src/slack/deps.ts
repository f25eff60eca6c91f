import type { Checklist } from '../checklist/checklist.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Authorizer } from '../domain/authorizer.js';
import type { MaintenanceService } from '../domain/maintenance.js';
import type { OpenRelease } from '../domain/open-release.js';
import type { SlackProbeRunner } from '../domain/probe-run-service.js';
import type { ReleaseService } from '../domain/release-service.js';
import type { ReleaseTransitions } from '../domain/release-transitions.js';
import type { WatchService } from '../domain/watch-service.js';
import type { JobDeps } from '../jobs/job-deps.js';
import type { Logger } from '../logger.js';
import type { AppHomeVisits } from './home-feature.js';
import type { MaintenanceMessages } from './notices/maintenance-messages.js';
import type { OutboxDispatcher } from './outbox/dispatcher.js';
import type { OutboxWrites } from './outbox/outbox-writes.js';
import type { SlackPoster } from './ports.js';
import type { ReleaseThreads } from './release-thread.js';

/** What the listeners use: the services createBot built. Every one is always there. */
export interface AppDeps {
  config: Config;
  clock: Clock;
  logger: Logger;
  checklist: Checklist;
  releases: ReleaseService;
  /** Opens (or finds) a release and posts its thread: the slash command and the HTTP API share it. */
  openRelease: OpenRelease;
  /** Mark deployed / cancel, shared by the thread's buttons and the HTTP API. */
  transitions: ReleaseTransitions;
  threads: ReleaseThreads;
  outbox: OutboxDispatcher;
  /** Replies, announcements and files, written as outbox rows. */
  writes: OutboxWrites;
  authorizer: Authorizer;
  /** Config `admins`, user groups resolved. */
  isAdmin: (userId: string) => Promise<boolean>;
  maintenance: MaintenanceService;
  maintenanceMessages: MaintenanceMessages;
  jobs: JobDeps;
  watch: WatchService;
  /** Runs the probes for a release (or a bare service) and announces the results. */
  probes: SlackProbeRunner;
  /** A Web API read: the link to a message. */
  permalink: SlackPoster['permalink'];
  /** The release's audit record as markdown, for the "Export record" button. */
  exportMarkdown(releaseId: string): Promise<string>;
  /** App Home visits and the answers to clicks on it. */
  appHome: AppHomeVisits;
}
