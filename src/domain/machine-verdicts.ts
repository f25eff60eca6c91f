import type { Checklist } from '../checklist/checklist.js';
import type { Db } from '../db/client.js';
import { createItemStateRepo } from '../db/repos/item-state-repo.js';
import type { VerdictEffects } from '../model/item-change.js';
import { setItemState } from './item-states.js';

/** What one source's verifiers of an item (e.g. its `scan:*` checks) concluded together. */
export interface ItemVerdict {
  verdict: 'pass' | 'warn' | 'fail';
  /** Stored on the item and shown under it in the thread. */
  evidence: string;
}

/**
 * The one set of rules by which a machine verifier (probes, the repository scan) changes a release's items:
 * - an item a person marked N/A is never touched;
 * - fail marks the item failing (even over a person's tick), which blocks approval until a later run of the
 *   same source passes or an approver overrides it with a reason;
 * - pass ticks the item done with the evidence, except an item a person ticked themselves (theirs stays) or
 *   one another source marks failing (a scan pass does not clear a failing probe, nor the reverse);
 * - warn leaves the item to people, only lifting a failure this same source recorded earlier;
 * - no verdict (every verifier skipped or could not tell) changes nothing.
 */
export async function applyMachineVerdicts(
  db: Db,
  a: {
    checklist: Checklist;
    releaseId: string;
    source: 'probe' | 'scan';
    /** Who the audit log names: the person or pipeline that ran it, or the source itself. */
    by: string;
    at: number;
    /** The verdict of an item's verifiers of this source (`ids` = its verifiedBy with the source's prefix). */
    judge(ids: string[], itemId: string): ItemVerdict | undefined;
  },
): Promise<VerdictEffects> {
  const items = createItemStateRepo(db);
  const prefix = `${a.source}:`;
  const out: VerdictEffects = { ticked: [], failing: [], flagged: [] };
  for (const [itemId, { item }] of a.checklist.itemById) {
    const ids = (item.verifiedBy ?? [])
      .filter((v) => v.startsWith(prefix))
      .map((v) => v.slice(prefix.length));
    if (!ids.length) continue;
    const v = a.judge(ids, itemId);
    if (!v) continue;
    const current = await items.get(a.releaseId, itemId);
    if (current?.state === 'na') continue;
    const base = { releaseId: a.releaseId, itemId, source: a.source, by: a.by, at: a.at, via: a.source };
    const ownFailure = current?.state === 'failing' && current.source === a.source;
    if (v.verdict === 'fail') {
      await setItemState(db, { ...base, state: 'failing', evidence: v.evidence });
      out.failing.push(itemId);
    } else if (v.verdict === 'pass') {
      if (current?.state === 'done' && current.source === 'user') continue;
      if (current?.state === 'failing' && !ownFailure) continue;
      await setItemState(db, { ...base, state: 'done', evidence: v.evidence });
      out.ticked.push(itemId);
    } else {
      if (ownFailure) await setItemState(db, { ...base, state: 'open', evidence: v.evidence });
      out.flagged.push(itemId);
    }
  }
  return out;
}
