import type { Db } from '../db/client.js';
import { createWatchStore, type WatchStatus } from '../db/repos/watch-repo.js';

export interface WatchOutcome {
  status: WatchStatus;
  startedAt: number;
  endsAt: number;
  /** Rollback reminders posted (repeats of the same alert not counted). */
  reminders: number;
  /** watching | quiet (window ended, no alert left standing) | rolled_back | cancelled */
  outcome: 'watching' | 'quiet' | 'rolled_back' | 'cancelled';
}

/** How the latest post-deploy watch of a release went, for pipelines that wait on it. */
export async function watchOutcome(db: Db, releaseId: string): Promise<WatchOutcome | undefined> {
  const store = createWatchStore(db);
  const w = await store.latestForRelease(releaseId);
  if (!w) return undefined;
  const reminders = (await store.events(w.id)).filter(
    (e) => e.kind === 'reminder' && (e.detail as { repeat?: boolean } | null)?.repeat !== true,
  ).length;
  const outcome =
    w.status === 'active' || w.status === 'alerting'
      ? 'watching'
      : w.status === 'completed'
        ? 'quiet'
        : w.status;
  return { status: w.status, startedAt: w.startedAt, endsAt: w.endsAt, reminders, outcome };
}
