import type { ReleaseRow } from '../db/repos/release-repo.js';
import type { ReleaseService } from './release-service.js';

type OpenInput = Parameters<ReleaseService['open']>[0];

export interface OpenReleaseResult {
  release: ReleaseRow;
  /** false when the same service+version+env was already open or approved. */
  created: boolean;
}

/**
 * The one "open a release" use-case, for the slash command and the HTTP API alike: find the release
 * open or approved for the same service+version+env, or create it (which queues its thread in the same
 * transaction). Asking again for an existing release queues whatever of its thread is still missing.
 */
export function createOpenRelease(deps: {
  releases: Pick<ReleaseService, 'open'>;
  /** Queues the missing parts of the release thread (idempotent). */
  resumeThread: (releaseId: string) => Promise<void>;
}) {
  return async function openRelease(input: OpenInput): Promise<OpenReleaseResult> {
    const opened = await deps.releases.open(input);
    if (!opened.created) await deps.resumeThread(opened.release.id);
    return opened;
  };
}
export type OpenRelease = ReturnType<typeof createOpenRelease>;
