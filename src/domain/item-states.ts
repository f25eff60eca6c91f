import type { Db } from '../db/client.js';
import { serializeOn } from '../db/dialect-sql.js';
import { createAuditRepo } from '../db/repos/audit-repo.js';
import { createItemStateRepo } from '../db/repos/item-state-repo.js';
import type { ItemSource, ItemState, Via } from '../model/item-change.js';

export type { ItemSource, ItemState, Via } from '../model/item-change.js';

export interface ItemChange {
  releaseId: string;
  itemId: string;
  state: ItemState;
  source: ItemSource;
  by: string;
  at: number;
  reason?: string | undefined;
  evidence?: string | undefined;
  via: Via;
}

/**
 * The one way an item's state changes: upserts item_states and appends to audit_log in one transaction.
 * Returns false (and records nothing) when the item is already in that state from the same source,
 * which makes Slack retries and repeated probe runs idempotent.
 */
export async function setItemState(db: Db, c: ItemChange): Promise<boolean> {
  const items = createItemStateRepo(db);
  return db.transaction(async () => {
    await serializeOn(db, `release:${c.releaseId}`);
    const current = await items.get(c.releaseId, c.itemId);
    const currentState = current?.state ?? 'open';
    if (
      currentState === c.state &&
      (current?.source ?? 'user') === c.source &&
      (current?.reason ?? undefined) === c.reason &&
      (c.source === 'user' || (current?.evidence ?? undefined) === c.evidence)
    )
      return false;
    const row = {
      releaseId: c.releaseId,
      itemId: c.itemId,
      state: c.state,
      source: c.source,
      by: c.by,
      at: c.at,
      reason: c.reason ?? null,
      evidence: c.evidence ?? null,
    };
    await items.upsert(row);
    await createAuditRepo(db).record({
      releaseId: c.releaseId,
      actor: c.by,
      action: `item.${c.state}`,
      target: c.itemId,
      detail: {
        from: currentState,
        source: c.source,
        ...(c.reason ? { reason: c.reason } : {}),
        ...(c.evidence ? { evidence: c.evidence } : {}),
      },
      via: c.via,
      at: c.at,
    });
    return true;
  });
}
