import type { Db } from '../../../../src/db/client.js';
import { createReleaseRepo, type ReleaseRow } from '../../../../src/db/repos/release-repo.js';
import { createWatchStore, type WatchRow } from '../../../../src/db/repos/watch-repo.js';

/** A release opened by U1 at `at` (plus whatever the test changes), written through the repo. */
export async function openRelease(
  db: Db,
  id: string,
  over: Partial<Pick<ReleaseRow, 'service' | 'version' | 'createdAt' | 'createdBy'>> = {},
): Promise<void> {
  await createReleaseRepo(db).insert(
    {
      id,
      service: 'api',
      version: '1.0.0',
      env: 'production',
      channelId: 'C1',
      createdBy: 'U1',
      checklistHash: 'h',
      createdAt: 1000,
      ...over,
    },
    'slash',
  );
}

/** A running watch of a release; returns its id. */
export const startWatch = (db: Db, releaseId: string, over: Partial<WatchRow> = {}): Promise<number> =>
  createWatchStore(db).insert({
    releaseId,
    service: 'api',
    status: 'active',
    startedAt: 2000,
    endsAt: 9000,
    nextSampleAt: 3000,
    settings: { intervalMs: 1000 } as never,
    state: { detector: {} } as never,
    updatedAt: 2000,
    ...over,
  });
