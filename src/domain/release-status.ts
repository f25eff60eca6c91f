import type { Db } from '../db/client.js';
import { createAuditRepo } from '../db/repos/audit-repo.js';
import { createReleaseRepo, type ReleaseRow, type ReleaseStatus } from '../db/repos/release-repo.js';
import type { Via } from './item-states.js';

export interface StatusChange {
  releaseId: string;
  status: ReleaseStatus;
  by: string;
  at: number;
  via: Via;
  /** Columns that change with the status (deployedAt/deployedBy). */
  extra?: Partial<Pick<ReleaseRow, 'deployedAt' | 'deployedBy'>>;
  detail?: Record<string, unknown>;
  /** What the audit row names as the target (the rollback from a watch names the release). */
  target?: string;
}

/**
 * The one way a release's status changes (approval, deploy, cancel, rollback from the watch): the status
 * and its audit row in one transaction. Rules about *whether* it may change stay with the callers.
 */
export async function setReleaseStatus(db: Db, c: StatusChange): Promise<void> {
  const releases = createReleaseRepo(db);
  const audit = createAuditRepo(db);
  await db.transaction(async () => {
    await releases.writeStatus(c.releaseId, c.status, c.at, c.extra);
    await audit.record({
      releaseId: c.releaseId,
      actor: c.by,
      action: `release.${c.status}`,
      via: c.via,
      at: c.at,
      ...(c.detail ? { detail: c.detail } : {}),
      ...(c.target ? { target: c.target } : {}),
    });
  });
}
