import type { Checklist } from '../checklist/checklist.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { serializeOn } from '../db/dialect-sql.js';
import { createAuditRepo } from '../db/repos/audit-repo.js';
import { createItemStateRepo } from '../db/repos/item-state-repo.js';
import {
  createReleaseRepo,
  newReleaseId,
  type ReleaseOpening,
  type ReleaseRow,
  type ReleaseSnapshot,
} from '../db/repos/release-repo.js';
import { AppError, ErrorCode } from '../errors.js';
import type { Authorizer } from './authorizer.js';
import { setItemState, type Via } from './item-states.js';
import {
  approvalsSatisfied,
  isSectionComplete,
  missingForApproval,
  plainTitle,
  releaseApprovers,
} from './release-rules.js';
import { type StatusChange, setReleaseStatus } from './release-status.js';

/**
 * Tells the outside world (the Slack thread) what changed. Called inside the transaction of the change, so
 * the change and "its message is out of date" commit together; implementations only write outbox rows.
 */
export interface ReleaseChanges {
  opened(releaseId: string): Promise<void>;
  /** The release's status message and these sections (all when omitted) must be re-rendered. */
  changed(releaseId: string, sectionIds?: readonly string[]): Promise<void>;
}

export interface ReleaseServiceDeps {
  db: Db;
  clock: Clock;
  checklist: Checklist;
  config: Pick<Config, 'file'>;
  authorizer: Pick<Authorizer, 'isAllowed'>;
  changes: ReleaseChanges;
}

export const describePrincipals = (ps: readonly string[]) =>
  ps.map((p) => (p.startsWith('S') ? `<!subteam^${p}>` : `<@${p}>`)).join(', ');

/**
 * Release rules: who may do what, and when. Plain data in and out; every change is audited. Ticks, N/A,
 * deploy and cancel check the release in the transaction that writes the change (on SQLite nothing lands
 * in between); sign-off, override and approval check it before asking Slack who may act.
 */
export function createReleaseService({
  db,
  clock,
  checklist,
  config,
  authorizer,
  changes,
}: ReleaseServiceDeps) {
  const repo = createReleaseRepo(db);
  const itemStates = createItemStateRepo(db);
  const auditRepo = createAuditRepo(db);
  const audit = (
    releaseId: string,
    actor: string,
    action: string,
    via: Via,
    target?: string,
    detail?: Record<string, unknown>,
  ) =>
    auditRepo.record({
      releaseId,
      actor,
      action,
      via,
      at: clock.now(),
      ...(target ? { target } : {}),
      ...(detail ? { detail } : {}),
    });
  const mustGet = async (id: string): Promise<ReleaseSnapshot> => {
    const s = await repo.snapshot(id);
    if (!s) throw new AppError(ErrorCode.NOT_FOUND, `No release with id ${id}.`);
    return s;
  };
  const assertEditable = (snap: Pick<ReleaseSnapshot, 'release'>, sectionId: string) => {
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
     * The check and the insert share one write transaction: on SQLite (BEGIN IMMEDIATE) concurrent requests
     * cannot open two; on Postgres a lock on service+version+env makes the second wait and find the first.
     */
    async open(input: {
      service: string;
      version: string;
      env: string;
      channelId: string;
      userId: string;
      via: Via;
      /** When a pipeline opens it: the API token's name and the run/changelog it sent. */
      opening?: ReleaseOpening;
    }): Promise<{ release: ReleaseRow; created: boolean }> {
      return db.transaction(async () => {
        await serializeOn(db, `open:${input.service}:${input.version}:${input.env}`);
        const existing = await repo.findActive(input);
        if (existing) return { release: existing, created: false };
        const id = newReleaseId();
        await repo.insert(
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
        await changes.opened(id);
        return { release: (await repo.get(id))!, created: true };
      });
    },

    /**
     * Applies what one user changed (ticks and unticks computed from their own view), never their whole
     * selection, so people clicking the same group from stale views do not undo each other.
     */
    async toggle(
      releaseId: string,
      userId: string,
      delta: { ticked: string[]; unticked: string[] },
      via: Via,
    ) {
      const changedSections = new Set<string>();
      const refused: string[] = [];
      const at = clock.now();
      await db.transaction(async () => {
        await serializeOn(db, `release:${releaseId}`);
        // A click is the hot path (before the ack): read the release row and the clicked items only.
        const release = await repo.get(releaseId);
        if (!release) throw new AppError(ErrorCode.NOT_FOUND, `No release with id ${releaseId}.`);
        const snap = { release };
        for (const [ids, state] of [
          [delta.ticked, 'done'],
          [delta.unticked, 'open'],
        ] as const) {
          for (const itemId of ids) {
            const entry = checklist.itemById.get(itemId);
            if (!entry) continue;
            assertEditable(snap, entry.section.id);
            if (state === 'done' && (await itemStates.get(releaseId, itemId))?.state === 'failing') {
              refused.push(entry.item.text);
              continue;
            }
            if (await setItemState(db, { releaseId, itemId, state, source: 'user', by: userId, at, via }))
              changedSections.add(entry.section.id);
          }
        }
        if (changedSections.size) {
          await revokeIncompleteSignoffs(releaseId, userId, changedSections, via);
          await changes.changed(releaseId, [...changedSections]);
        }
      });
      return { changedSections: [...changedSections], refused };
    },

    async setNotApplicable(
      releaseId: string,
      itemId: string,
      userId: string,
      reason: string | null,
      via: Via,
    ) {
      return db.transaction(async () => {
        await serializeOn(db, `release:${releaseId}`);
        const snap = await mustGet(releaseId);
        const entry = checklist.itemById.get(itemId);
        if (!entry) throw new AppError(ErrorCode.NOT_FOUND, `Unknown checklist item ${itemId}.`);
        assertEditable(snap, entry.section.id);
        const text = reason?.trim();
        if (reason !== null && !text)
          throw new AppError(ErrorCode.BAD_INPUT, 'A reason is required to mark an item not applicable.');
        await setItemState(db, {
          releaseId,
          itemId,
          state: text ? 'na' : 'open',
          source: 'user',
          by: userId,
          at: clock.now(),
          reason: text,
          via,
        });
        if (!text) await revokeIncompleteSignoffs(releaseId, userId, new Set([entry.section.id]), via);
        await changes.changed(releaseId, [entry.section.id]);
        return entry.section.id;
      });
    },

    /** An approver accepts a failing machine check, with a reason that goes on record. */
    async overrideFailing(releaseId: string, itemId: string, userId: string, reason: string, via: Via) {
      const snap = await mustGet(releaseId);
      const entry = checklist.itemById.get(itemId);
      if (!entry) throw new AppError(ErrorCode.NOT_FOUND, `Unknown checklist item ${itemId}.`);
      assertEditable(snap, entry.section.id);
      const who = releaseApprovers(config);
      if (who.length && !(await authorizer.isAllowed(userId, who))) {
        await audit(releaseId, userId, 'override.refused', via, itemId);
        throw new AppError(
          ErrorCode.FORBIDDEN,
          `Only release approvers can override a failing check: ${describePrincipals(who)}.`,
        );
      }
      if (!reason.trim())
        throw new AppError(ErrorCode.BAD_INPUT, 'A reason is required to override a failing check.');
      const prev = snap.items.get(itemId);
      await db.transaction(async () => {
        await serializeOn(db, `release:${releaseId}`);
        await setItemState(db, {
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
        await changes.changed(releaseId, [entry.section.id]);
      });
      return entry.section.id;
    },

    async signOff(releaseId: string, sectionId: string, userId: string, via: Via) {
      const snap = await mustGet(releaseId);
      const section = checklist.sectionById.get(sectionId);
      if (!section) throw new AppError(ErrorCode.NOT_FOUND, `Unknown section ${sectionId}.`);
      assertEditable(snap, sectionId);
      const who = config.file.approvers.sections[sectionId] ?? [];
      if (who.length && !(await authorizer.isAllowed(userId, who))) {
        await audit(releaseId, userId, 'signoff.refused', via, sectionId);
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
      await db.transaction(async () => {
        await serializeOn(db, `release:${releaseId}`);
        await repo.addSignoff({ releaseId, sectionId, userId, at: clock.now() });
        await audit(releaseId, userId, 'signoff', via, sectionId);
        await changes.changed(releaseId, [sectionId]);
      });
      return true;
    },

    async approve(releaseId: string, userId: string, via: Via) {
      const snap = await mustGet(releaseId);
      if (snap.release.status !== 'open')
        throw new AppError(
          ErrorCode.INVALID_STATE,
          `This release is already ${snap.release.status.replace('_', ' ')}.`,
        );
      const who = releaseApprovers(config);
      if (who.length && !(await authorizer.isAllowed(userId, who))) {
        await audit(releaseId, userId, 'approval.refused', via);
        throw new AppError(ErrorCode.FORBIDDEN, `Only ${describePrincipals(who)} can approve releases.`);
      }
      const missing = missingForApproval(checklist, snap);
      if (missing.length) throw new AppError(ErrorCode.INVALID_STATE, 'Not ready for approval.', { missing });
      const required = config.file.requiredApprovals;
      const at = clock.now();
      // Locked, so two approvals at once are counted one after the other: the second sees the first's.
      const result = await db.transaction(async () => {
        await serializeOn(db, `release:${releaseId}`);
        const added = await repo.addApproval({ releaseId, userId, at });
        if (added) await audit(releaseId, userId, 'approval', via);
        const after = (await repo.snapshot(releaseId))!;
        const done = approvalsSatisfied(after, required);
        // Approved once: an approval arriving just after the one that completed it does not approve again.
        if (done && after.release.status === 'open')
          await setReleaseStatus(db, { releaseId, status: 'approved', by: userId, at, via });
        if (added) await changes.changed(releaseId, done ? undefined : []);
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

    markDeployed: (releaseId: string, userId: string, via: Via) =>
      db.transaction(async () => {
        await serializeOn(db, `release:${releaseId}`);
        const snap = await mustGet(releaseId);
        if (snap.release.status !== 'approved')
          throw new AppError(
            ErrorCode.INVALID_STATE,
            `Only an approved release can be marked deployed (this one is ${snap.release.status}).`,
          );
        return setStatus(releaseId, 'deployed', userId, via, { deployedAt: clock.now(), deployedBy: userId });
      }),

    cancel: (releaseId: string, userId: string, via: Via) =>
      db.transaction(async () => {
        await serializeOn(db, `release:${releaseId}`);
        const snap = await mustGet(releaseId);
        if (snap.release.status === 'cancelled' || snap.release.status === 'rolled_back')
          throw new AppError(
            ErrorCode.INVALID_STATE,
            `This release is already ${snap.release.status.replace('_', ' ')}.`,
          );
        return setStatus(releaseId, 'cancelled', userId, via);
      }),
    snapshot: mustGet,
  };

  async function setStatus(
    releaseId: string,
    status: ReleaseRow['status'],
    userId: string,
    via: Via,
    extra: StatusChange['extra'] = {},
  ) {
    const at = clock.now();
    await db.transaction(async () => {
      await setReleaseStatus(db, { releaseId, status, by: userId, at, via, extra });
      await changes.changed(releaseId);
    });
    return (await repo.get(releaseId))!;
  }

  /** A sign-off attests to a complete section: when an item goes back to open, the sign-off is withdrawn. */
  async function revokeIncompleteSignoffs(
    releaseId: string,
    userId: string,
    sectionIds: Set<string>,
    via: Via,
  ) {
    // Most changes touch sections nobody signed off yet: no need to read the release again for those.
    if (!(await anySignedOff(releaseId, sectionIds))) return;
    const snap = (await repo.snapshot(releaseId))!;
    for (const sectionId of sectionIds) {
      if (!snap.signoffs.has(sectionId) || isSectionComplete(checklist, snap, sectionId)) continue;
      await repo.removeSignoff(releaseId, sectionId);
      await audit(releaseId, userId, 'signoff.revoked', via, sectionId, {
        previous: snap.signoffs.get(sectionId)?.userId,
      });
    }
  }

  async function anySignedOff(releaseId: string, sectionIds: Set<string>) {
    for (const id of sectionIds) if (await repo.hasSignoff(releaseId, id)) return true;
    return false;
  }
}
export type ReleaseService = ReturnType<typeof createReleaseService>;
