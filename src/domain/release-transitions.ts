import type { ReleaseRow } from '../db/repos/release-repo.js';
import type { Via } from './item-states.js';
import type { ReleaseService } from './release-service.js';

/** What people are told when a release is deployed or cancelled (implemented by the Slack adapter). */
export interface ReleaseNotices {
  deployed(release: ReleaseRow, by: string): unknown;
  cancelled(release: ReleaseRow, by: string): unknown;
}

/**
 * "Mark deployed" and "Cancel", whoever asks (the thread's buttons or a pipeline through the API): the
 * same rules and audit in ReleaseService, the same announcement, and the post-deploy watch.
 */
export function createReleaseTransitions(deps: {
  releases: Pick<ReleaseService, 'markDeployed' | 'cancel'>;
  notices: ReleaseNotices;
  /** The thread re-renders from the database. */
  onChanged: (releaseId: string) => Promise<void>;
  /** Starts the post-deploy watch. */
  startWatch: (releaseId: string, by: string) => Promise<unknown>;
}) {
  return {
    async markDeployed(releaseId: string, by: string, via: Via): Promise<ReleaseRow> {
      const release = await deps.releases.markDeployed(releaseId, by, via);
      await deps.onChanged(releaseId);
      await deps.notices.deployed(release, by);
      await deps.startWatch(releaseId, by);
      return release;
    },
    async cancel(releaseId: string, by: string, via: Via): Promise<ReleaseRow> {
      const release = await deps.releases.cancel(releaseId, by, via);
      await deps.onChanged(releaseId);
      await deps.notices.cancelled(release, by);
      return release;
    },
  };
}
export type ReleaseTransitions = ReturnType<typeof createReleaseTransitions>;
