import type { Checklist } from '../checklist/checklist.js';
import type { ReleaseSnapshot } from '../db/repos/release-repo.js';
import { missingForApproval, releaseProgress } from '../domain/release-rules.js';
import { releaseSummary } from '../domain/release-summary.js';
import type { WatchOutcome } from '../monitor/watch-outcome.js';
import type { ReleaseView } from './schemas.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** What GET /releases/{id} answers: the thread's state in data, with the Approve button's "missing" list. */
export function releaseView(
  snap: ReleaseSnapshot,
  ctx: {
    checklist: Checklist;
    requiredApprovals: number;
    threadUrl: string | undefined;
    watch: WatchOutcome | undefined;
  },
): ReleaseView {
  const r = snap.release;
  const { checklist } = ctx;
  const failing = checklist.requiredItemIds.flatMap((id) => {
    const s = snap.items.get(id);
    return s?.state === 'failing'
      ? [{ item: checklist.itemById.get(id)?.item.text ?? id, evidence: s.evidence }]
      : [];
  });
  return {
    id: r.id,
    service: r.service,
    version: r.version,
    env: r.env,
    status: r.status,
    owner: r.createdBy,
    openedBy: snap.opened?.by ?? null,
    createdAt: iso(r.createdAt),
    threadUrl: ctx.threadUrl ?? null,
    progress: releaseProgress(checklist, snap),
    summary: releaseSummary(checklist, snap, ctx.requiredApprovals),
    missing: r.status === 'open' ? missingForApproval(checklist, snap) : [],
    failing,
    approvals: {
      count: snap.approvals.length,
      required: ctx.requiredApprovals,
      by: snap.approvals.map((a) => ({ userId: a.userId, at: iso(a.at) })),
    },
    deployedAt: r.deployedAt === null ? null : iso(r.deployedAt),
    deployedBy: r.deployedBy,
    watch: ctx.watch
      ? {
          status: ctx.watch.status,
          outcome: ctx.watch.outcome,
          startedAt: iso(ctx.watch.startedAt),
          endsAt: iso(ctx.watch.endsAt),
          reminders: ctx.watch.reminders,
        }
      : null,
  };
}
