import type { ReleaseRow } from '../db/repos/release-repo.js';
import type { ReleaseService } from './release-service.js';

type OpenInput = Parameters<ReleaseService['open']>[0];

export interface OpenReleaseResult {
  release: ReleaseRow;
  /** false when the same service+version+env was already open or approved. */
  created: boolean;
  /** Why the thread could not be (fully) posted; the release is saved and the next open retries. */
  threadError?: unknown;
}

/**
 * The one "open a release" use-case, for the slash command and the HTTP API alike: find or create the
 * release, then post whatever of its thread is missing. Posting is single-flight per release, so
 * concurrent requests for the same release never post a second thread.
 */
export function createOpenRelease(deps: {
  releases: Pick<ReleaseService, 'open' | 'repo'>;
  /** Posts the missing parts of the release thread (idempotent once it has finished). */
  postThread: (releaseId: string) => Promise<unknown>;
}) {
  const posting = new Map<string, Promise<unknown>>();
  const post = (id: string) => {
    let p = posting.get(id);
    if (!p) {
      p = deps.postThread(id).finally(() => posting.delete(id));
      posting.set(id, p);
    }
    return p;
  };
  return async function openRelease(input: OpenInput): Promise<OpenReleaseResult> {
    const { release, created } = deps.releases.open(input);
    try {
      await post(release.id);
    } catch (threadError) {
      return { release: deps.releases.repo.get(release.id) ?? release, created, threadError };
    }
    return { release: deps.releases.repo.get(release.id) ?? release, created };
  };
}
export type OpenRelease = ReturnType<typeof createOpenRelease>;
