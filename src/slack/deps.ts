import type { Checklist } from '../checklist/checklist.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { Authorizer } from '../domain/authorizer.js';
import type { OpenRelease } from '../domain/open-release.js';
import type { ReleaseService } from '../domain/release-service.js';
import type { ReleaseTransitions } from '../domain/release-transitions.js';
import type { Logger } from '../logger.js';
import type { Block, SlackPoster } from './ports.js';
import type { ReleaseThreads } from './release-thread.js';

/** Optional features wired in by main.ts; absent ones answer "not configured" instead of failing. */
export interface FeatureHooks {
  /** Runs the probes for a release (or a bare service) and posts the results in the thread/channel. */
  runProbes?(input: {
    releaseId?: string;
    service: string;
    userId: string;
    channelId: string;
    threadTs?: string;
  }): Promise<void>;
  /** Starts the post-deploy error-rate watch for a release. */
  onDeployed?(releaseId: string, userId: string): Promise<void>;
  /** `/deploy-check maintenance [run]`: returns what to show the user (ephemeral). */
  maintenance?(input: {
    run: boolean;
    userId: string;
    channelId: string;
  }): Promise<{ text: string; blocks?: Block[] }>;
  /** The release's audit record as markdown, for the "Export record" button. */
  exportMarkdown?(releaseId: string): string;
}

export interface AppDeps {
  config: Config;
  db: Db;
  clock: Clock;
  logger: Logger;
  checklist: Checklist;
  releases: ReleaseService;
  /** Opens (or finds) a release and posts its thread: the slash command and the HTTP API share it. */
  openRelease: OpenRelease;
  /** Mark deployed / cancel, shared by the thread's buttons and the HTTP API. */
  transitions: ReleaseTransitions;
  threads: ReleaseThreads;
  poster: SlackPoster;
  authorizer: Authorizer;
  hooks: FeatureHooks;
}
