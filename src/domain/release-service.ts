import { and, eq } from 'drizzle-orm';
import type { Checklist } from '../checklist/checklist.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import {
  createReleaseRepo,
  newReleaseId,
  type ReleaseOpening,
  type ReleaseRow,
  type ReleaseSnapshot,
} from '../db/repos/release-repo.js';
import { approvals, auditLog, releases, sectionSignoffs } from '../db/schema.js';
import { AppError, ErrorCode } from '../errors.js';
import type { Authorizer } from './authorizer.js';
import { setItemState, type Via } from './item-states.js';
import { approvalsSatisfied, isSectionComplete, missingForApproval, plainTitle } from './release-rules.js';

export interface ReleaseServiceDeps {
  db: Db;
  clock: Clock;
  checklist: Checklist;
  config: Pick<Config, 'file'>;
  authorizer: Authorizer;
}

export const describePrincipals = (ps: readonly string[]) =>
  ps.map((p) => (p.startsWith('S') ? `<!subteam^${p}>` : `<@${p}>`)).join(', ');

/** Release rules: who may do what, and when. Plain data in and out; every change is audited. */
export function createReleaseService({ db, clock, checklist, config, authorizer }: ReleaseServiceDeps) {
  const repo = createReleaseRepo(db);
  const audit = (
    releaseId: string,
    actor: string,
    action: string,
    via: Via,
    target?: string,
    detail?: Record<string, unknown>,
  ) =>
    db
      .insert(auditLog)
      .values({
        releaseId,
        actor,
        action,
        via,
        at: clock.now(),
        target: target ?? null,
        detail: detail ?? null,
      })
      .run();
  const mustGet = (id: string): ReleaseSnapshot => {
    const s = repo.snapshot(id);
    if (!s) throw new AppError(ErrorCode.NOT_FOUND, `No release with id ${id}.`);
    return s;
  };
  const releaseApprovers = () => [...config.file.approvers.release, ...config.file.admins];
  const assertEditable = (snap: ReleaseSnapshot, sectionId: string) => {
    const status = snap.release.status;
    const isPost = sectionId === checklist.postDeployment.id;
    if (status === 'cancelled' || status === 'rolled_back' || (!isPost && status !== 'open'))
      throw new AppError(
        ErrorCode.INVALID_STATE,
        `This release is ${status.replace('_', ' ')}; its pre-deployment checklist is locked.`,
      );
  };

  return {
    repo,
    /**
     * Opens a release, or finds the one already open or approved for the same service+version+env.
     * The check and the insert share one write transaction, so concurrent requests cannot open two.
     */
    open(input: {
      service: string;
      version: string;
      env: string;
      channelId: string;
      userId: string;
      via: Via;
      /** When a pipeline opens it: the API token's name and the run/changelog it sent. */
      opening?: ReleaseOpening;
    }): { release: ReleaseRow; created: boolean } {
      return db.transaction(
        () => {
          const existing = repo.findActive(input);
          if (existing) return { release: existing, created: false };
          const id = newReleaseId();
          repo.insert(
            {
              id,
              service: input.service,
              version: input.version,
              env: input.env,
              channelId: input.channelId,
              createdBy: input.userId,
              checklistHash: checklist.hash,
              createdAt: clock.now(),
            },
            input.via,
            input.opening,
          );
          return { release: repo.get(id)!, created: true };
        },
        { behavior: 'immediate' },
      );
    },

    /**
     * Applies what one user changed (ticks and unticks computed from their own view), never their whole
     * selection, so people clicking the same group from stale views do not undo each other.
     */
    toggle(releaseId: string, userId: string, delta: { ticked: string[]; unticked: string[] }, via: Via) {
      const snap = mustGet(releaseId);
      const changedSections = new Set<string>();
      const refused: string[] = [];
      const at = clock.now();
      for (const [ids, state] of [
        [delta.ticked, 'done'],
        [delta.unticked, 'open'],
      ] as const) {
        for (const itemId of ids) {
          const entry = checklist.itemById.get(itemId);
          if (!entry) continue;
          assertEditable(snap, entry.section.id);
          if (state === 'done' && snap.items.get(itemId)?.state === 'failing') {
            refused.push(entry.item.text);
            continue;
          }
          if (setItemState(db, { releaseId, itemId, state, source: 'user', by: userId, at, via }))
            changedSections.add(entry.section.id);
        }
      }
      if (changedSections.size) revokeIncompleteSignoffs(releaseId, userId, changedSections, via);
      return { changedSections: [...changedSections], refused };
    },

    setNotApplicable(releaseId: string, itemId: string, userId: string, reason: string | null, via: Via) {
      const snap = mustGet(releaseId);
      const entry = checklist.itemById.get(itemId);
      if (!entry) throw new AppError(ErrorCode.NOT_FOUND, `Unknown checklist item ${itemId}.`);
      assertEditable(snap, entry.section.id);
      const text = reason?.trim();
      if (reason !== null && !text)
        throw new AppError(ErrorCode.BAD_INPUT, 'A reason is required to mark an item not applicable.');
      setItemState(db, {
        releaseId,
        itemId,
        state: text ? 'na' : 'open',
        source: 'user',
        by: userId,
        at: clock.now(),
        reason: text,
        via,
      });
      if (!text) revokeIncompleteSignoffs(releaseId, userId, new Set([entry.section.id]), via);
      return entry.section.id;
    },

    /** An approver accepts a failing machine check, with a reason that goes on record. */
    async overrideFailing(releaseId: string, itemId: string, userId: string, reason: string, via: Via) {
      const snap = mustGet(releaseId);
      const entry = checklist.itemById.get(itemId);
      if (!entry) throw new AppError(ErrorCode.NOT_FOUND, `Unknown checklist item ${itemId}.`);
      assertEditable(snap, entry.section.id);
      const who = releaseApprovers();
      if (who.length && !(await authorizer.isAllowed(userId, who))) {
        audit(releaseId, userId, 'override.refused', via, itemId);
        throw new AppError(
          ErrorCode.FORBIDDEN,
          `Only release approvers can override a failing check: ${describePrincipals(who)}.`,
        );
      }
      if (!reason.trim())
        throw new AppError(ErrorCode.BAD_INPUT, 'A reason is required to override a failing check.');
      const prev = snap.items.get(itemId);
      setItemState(db, {
        releaseId,
        itemId,
        state: 'done',
        source: 'user',
        by: userId,
        at: clock.now(),
        reason: `override: ${reason.trim()}`,
        evidence: prev?.evidence ?? undefined,
        via,
      });
      return entry.section.id;
    },

    async signOff(releaseId: string, sectionId: string, userId: string, via: Via) {
      const snap = mustGet(releaseId);
      const section = checklist.sectionById.get(sectionId);
      if (!section) throw new AppError(ErrorCode.NOT_FOUND, `Unknown section ${sectionId}.`);
      assertEditable(snap, sectionId);
      const who = config.file.approvers.sections[sectionId] ?? [];
      if (who.length && !(await authorizer.isAllowed(userId, who))) {
        audit(releaseId, userId, 'signoff.refused', via, sectionId);
        throw new AppError(
          ErrorCode.FORBIDDEN,
          `Only ${describePrincipals(who)} can sign off ${plainTitle(section.title)}.`,
        );
      }
      if (!isSectionComplete(checklist, snap, sectionId))
        throw new AppError(
          ErrorCode.INVALID_STATE,
          `${plainTitle(section.title)} still has open or failing items; tick them or mark them N/A first.`,
        );
      if (snap.signoffs.has(sectionId)) return false;
      db.transaction((tx) => {
        tx.insert(sectionSignoffs)
          .values({ releaseId, sectionId, userId, at: clock.now() })
          .onConflictDoNothing()
          .run();
        tx.insert(auditLog)
          .values({ releaseId, actor: userId, action: 'signoff', target: sectionId, via, at: clock.now() })
          .run();
      });
      return true;
    },

    async approve(releaseId: string, userId: string, via: Via) {
      const snap = mustGet(releaseId);
      if (snap.release.status !== 'open')
        throw new AppError(
          ErrorCode.INVALID_STATE,
          `This release is already ${snap.release.status.replace('_', ' ')}.`,
        );
      const who = releaseApprovers();
      if (who.length && !(await authorizer.isAllowed(userId, who))) {
        audit(releaseId, userId, 'approval.refused', via);
        throw new AppError(ErrorCode.FORBIDDEN, `Only ${describePrincipals(who)} can approve releases.`);
      }
      const missing = missingForApproval(checklist, snap);
      if (missing.length) throw new AppError(ErrorCode.INVALID_STATE, 'Not ready for approval.', { missing });
      const required = config.file.requiredApprovals;
      const at = clock.now();
      const result = db.transaction((tx) => {
        const added =
          tx.insert(approvals).values({ releaseId, userId, at }).onConflictDoNothing().run().changes === 1;
        if (added)
          tx.insert(auditLog).values({ releaseId, actor: userId, action: 'approval', via, at }).run();
        const after = repo.snapshot(releaseId)!;
        const done = approvalsSatisfied(after, required);
        if (done) {
          tx.update(releases)
            .set({ status: 'approved', updatedAt: at })
            .where(eq(releases.id, releaseId))
            .run();
          tx.insert(auditLog).values({ releaseId, actor: userId, action: 'release.approved', via, at }).run();
        }
        return {
          added,
          approved: done,
          count: after.approvals.length,
          required,
          onlyCreator: after.approvals.every((a) => a.userId === after.release.createdBy),
        };
      });
      return result;
    },

    markDeployed(releaseId: string, userId: string, via: Via) {
      const snap = mustGet(releaseId);
      if (snap.release.status !== 'approved')
        throw new AppError(
          ErrorCode.INVALID_STATE,
          `Only an approved release can be marked deployed (this one is ${snap.release.status}).`,
        );
      return setStatus(releaseId, 'deployed', userId, via, { deployedAt: clock.now(), deployedBy: userId });
    },

    cancel(releaseId: string, userId: string, via: Via) {
      const snap = mustGet(releaseId);
      if (snap.release.status === 'cancelled' || snap.release.status === 'rolled_back')
        throw new AppError(
          ErrorCode.INVALID_STATE,
          `This release is already ${snap.release.status.replace('_', ' ')}.`,
        );
      return setStatus(releaseId, 'cancelled', userId, via);
    },
    snapshot: mustGet,
  };

  function setStatus(
    releaseId: string,
    status: ReleaseRow['status'],
    userId: string,
    via: Via,
    extra: Partial<ReleaseRow> = {},
  ) {
    const at = clock.now();
    db.transaction((tx) => {
      tx.update(releases)
        .set({ status, updatedAt: at, ...extra })
        .where(eq(releases.id, releaseId))
        .run();
      tx.insert(auditLog)
        .values({ releaseId, actor: userId, action: `release.${status}`, via, at })
        .run();
    });
    return repo.get(releaseId)!;
  }

  /** A sign-off attests to a complete section: when an item goes back to open, the sign-off is withdrawn. */
  function revokeIncompleteSignoffs(releaseId: string, userId: string, sectionIds: Set<string>, via: Via) {
    const snap = repo.snapshot(releaseId)!;
    for (const sectionId of sectionIds) {
      if (!snap.signoffs.has(sectionId) || isSectionComplete(checklist, snap, sectionId)) continue;
      db.delete(sectionSignoffs)
        .where(and(eq(sectionSignoffs.releaseId, releaseId), eq(sectionSignoffs.sectionId, sectionId)))
        .run();
      audit(releaseId, userId, 'signoff.revoked', via, sectionId, {
        previous: snap.signoffs.get(sectionId)?.userId,
      });
    }
  }
}
export type ReleaseService = ReturnType<typeof createReleaseService>;
