import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { inJsonArray, rowsChanged } from '../dialect-sql.js';
import { prepareOnce } from '../prepared.js';
import {
  approvals,
  auditLog,
  itemStates,
  processedRequests,
  releaseMessages,
  releases,
  sectionSignoffs,
  slackUsers,
} from '../schema.js';
import { createAuditRepo } from './audit-repo.js';

export type ReleaseRow = typeof releases.$inferSelect;
export type ItemStateRow = typeof itemStates.$inferSelect;
export type SignoffRow = typeof sectionSignoffs.$inferSelect;
export type ApprovalRow = typeof approvals.$inferSelect;
export type ReleaseStatus = ReleaseRow['status'];

/** Everything needed to render a release, read in one go from the database (the source of truth). */
export interface ReleaseSnapshot {
  release: ReleaseRow;
  items: Map<string, ItemStateRow>;
  signoffs: Map<string, SignoffRow>;
  approvals: ApprovalRow[];
  messages: Map<string, string>;
  /** Display names of the people involved, for plain_text places where a mention cannot render. */
  names: Map<string, string>;
  /** When a pipeline opened the release: its API token's name, and the run and changelog it sent. */
  opened?: ReleaseOpening | undefined;
}

/** Releases still heading for production: a second request for the same service+version+env finds these. */
export const ACTIVE_STATUSES: ReleaseStatus[] = ['open', 'approved'];

export interface ReleaseOpening {
  by?: string | undefined;
  /** Who the pipeline said asked for it, when that is no Slack user ID (e.g. a Git login). */
  requestedBy?: string | undefined;
  url?: string | undefined;
  changelog?: string | undefined;
}

export const newReleaseId = () => `r${randomBytes(5).toString('hex')}`;

export function createReleaseRepo(db: Db) {
  const audit = createAuditRepo(db);
  return {
    insert(
      row: Omit<ReleaseRow, 'threadTs' | 'deployedAt' | 'deployedBy' | 'status' | 'updatedAt'>,
      via: string,
      opening: ReleaseOpening = {},
    ): Promise<void> {
      return db.transaction(async (tx) => {
        await tx
          .insert(releases)
          .values({ ...row, updatedAt: row.createdAt })
          .run();
        await audit.record({
          releaseId: row.id,
          actor: row.createdBy,
          action: 'release.opened',
          detail: {
            service: row.service,
            version: row.version,
            env: row.env,
            ...(opening.by ? { openedBy: opening.by } : {}),
            ...(opening.requestedBy ? { requestedBy: opening.requestedBy } : {}),
            ...(opening.url ? { url: opening.url } : {}),
            ...(opening.changelog ? { changelog: opening.changelog } : {}),
          },
          via,
          at: row.createdAt,
        });
      });
    },
    /** Only domain/release-status.ts calls this: a status change is always audited with it. */
    async writeStatus(
      id: string,
      status: ReleaseStatus,
      at: number,
      extra: Partial<Pick<ReleaseRow, 'deployedAt' | 'deployedBy'>> = {},
    ): Promise<void> {
      await db
        .update(releases)
        .set({ status, updatedAt: at, ...extra })
        .where(eq(releases.id, id))
        .run();
    },
    /** Releases per status (the /metrics gauge). */
    countByStatus: async (): Promise<Record<string, number>> =>
      Object.fromEntries(
        (
          await db
            .select({ status: releases.status, n: sql<number>`count(*)` })
            .from(releases)
            .groupBy(releases.status)
            .all()
        ).map((r) => [r.status, r.n]),
      ),
    // A click asks this before its ack: prepared once per handle.
    hasSignoff: async (releaseId: string, sectionId: string): Promise<boolean> =>
      (await prepareOnce(db, 'releases.hasSignoff', () =>
        db
          .select({ s: sectionSignoffs.sectionId })
          .from(sectionSignoffs)
          .where(
            and(
              eq(sectionSignoffs.releaseId, sql.placeholder('releaseId')),
              eq(sectionSignoffs.sectionId, sql.placeholder('sectionId')),
            ),
          )
          .prepare(),
      ).get({ releaseId, sectionId })) !== undefined,
    async addSignoff(row: SignoffRow): Promise<void> {
      await db.insert(sectionSignoffs).values(row).onConflictDoNothing().run();
    },
    async removeSignoff(releaseId: string, sectionId: string): Promise<void> {
      await db
        .delete(sectionSignoffs)
        .where(and(eq(sectionSignoffs.releaseId, releaseId), eq(sectionSignoffs.sectionId, sectionId)))
        .run();
    },
    /** True when this user's approval is new. */
    addApproval: async (row: ApprovalRow): Promise<boolean> =>
      rowsChanged(await db.insert(approvals).values(row).onConflictDoNothing().run()) === 1,
    // Read by every click (twice: the toggle and the refresh it marks) before its ack: prepared once.
    get: (id: string): Promise<ReleaseRow | undefined> =>
      prepareOnce(db, 'releases.get', () =>
        db
          .select()
          .from(releases)
          .where(eq(releases.id, sql.placeholder('id')))
          .prepare(),
      ).get({ id }),
    findActive: (r: { service: string; version: string; env: string }): Promise<ReleaseRow | undefined> =>
      db
        .select()
        .from(releases)
        .where(
          and(
            eq(releases.service, r.service),
            eq(releases.version, r.version),
            eq(releases.env, r.env),
            inArray(releases.status, ACTIVE_STATUSES),
          ),
        )
        .limit(1)
        .get(),
    byThread: (channelId: string, ts: string): Promise<ReleaseRow | undefined> =>
      db
        .select()
        .from(releases)
        .where(and(eq(releases.channelId, channelId), eq(releases.threadTs, ts)))
        .limit(1)
        .get(),
    // Once per message of every thread posted (eight for a release): prepared once.
    async setThreadTs(id: string, ts: string): Promise<void> {
      await prepareOnce(db, 'releases.setThreadTs', () =>
        db
          .update(releases)
          .set({ threadTs: sql`${sql.placeholder('ts')}` })
          .where(eq(releases.id, sql.placeholder('id')))
          .prepare(),
      ).run({ id, ts });
    },
    async saveMessage(releaseId: string, sectionId: string, ts: string): Promise<void> {
      await prepareOnce(db, 'releaseMessages.save', () =>
        db
          .insert(releaseMessages)
          .values({
            releaseId: sql.placeholder('releaseId'),
            sectionId: sql.placeholder('sectionId'),
            ts: sql.placeholder('ts'),
          })
          .onConflictDoUpdate({
            target: [releaseMessages.releaseId, releaseMessages.sectionId],
            set: { ts: sql`excluded.ts` },
          })
          .prepare(),
      ).run({ releaseId, sectionId, ts });
    },
    listByStatus: (statuses: ReleaseStatus[], service?: string): Promise<ReleaseRow[]> =>
      db
        .select()
        .from(releases)
        .where(
          service
            ? and(inArray(releases.status, statuses), eq(releases.service, service))
            : inArray(releases.status, statuses),
        )
        .orderBy(desc(releases.createdAt))
        .all(),
    snapshot(id: string): Promise<ReleaseSnapshot | undefined> {
      // Every thread, Home and nudge render reads one or more snapshots (a Home reads one per active
      // release): the statements are prepared once per handle, not built by drizzle on every call.
      const q = snapshotQueries(db);
      return db.transaction(async () => {
        const release = await q.release.get({ id });
        if (!release) return undefined;
        const items = await q.items.all({ id });
        const signoffs = await q.signoffs.all({ id });
        const approvalRows = await q.approvals.all({ id });
        const messages = await q.messages.all({ id });
        const people = [
          ...new Set([
            release.createdBy,
            ...items.map((i) => i.by),
            ...signoffs.map((s) => s.userId),
            ...approvalRows.map((a) => a.userId),
          ]),
        ];
        const names = await q.names.all({ people: JSON.stringify(people) });
        const opened = await q.opened.get({ id });
        return {
          release,
          items: new Map(items.map((r) => [r.itemId, r])),
          signoffs: new Map(signoffs.map((r) => [r.sectionId, r])),
          approvals: approvalRows,
          messages: new Map(messages.map((m) => [m.sectionId, m.ts])),
          names: new Map(names.map((n) => [n.id, n.name])),
          opened: openingOf(opened?.detail),
        };
      });
    },
    async rememberName(id: string, name: string | undefined, at: number): Promise<void> {
      if (!name) return;
      // Every Slack request runs this and the claim below before its ack, and a write is a commit of its
      // own: a name this handle already stored is not written again (updated_at is not read anywhere).
      const stored = prepareOnce(db, 'slackUsers.stored', () => new Map<string, string>());
      if (stored.get(id) === name) return;
      await prepareOnce(db, 'slackUsers.remember', () =>
        db
          .insert(slackUsers)
          .values({
            id: sql.placeholder('id'),
            name: sql.placeholder('name'),
            updatedAt: sql.placeholder('at'),
          })
          .onConflictDoUpdate({
            target: slackUsers.id,
            // The row that failed to insert carries the new values.
            set: { name: sql`excluded.name`, updatedAt: sql`excluded.updated_at` },
          })
          .prepare(),
      ).run({ id, name, at });
      stored.set(id, name);
    },
    /** Records an idempotency key; false when it was already seen (a Slack retry or replay). */
    async claimRequest(key: string, at: number): Promise<boolean> {
      const claim = prepareOnce(db, 'processedRequests.claim', () =>
        db
          .insert(processedRequests)
          .values({ key: sql.placeholder('key'), at: sql.placeholder('at') })
          .onConflictDoNothing()
          .prepare(),
      );
      return rowsChanged(await claim.run({ key, at })) === 1;
    },
  };
}
export type ReleaseRepo = ReturnType<typeof createReleaseRepo>;

const snapshotQueries = (db: Db) =>
  prepareOnce(db, 'release.snapshot', () => {
    const id = sql.placeholder('id');
    return {
      release: db.select().from(releases).where(eq(releases.id, id)).prepare(),
      items: db.select().from(itemStates).where(eq(itemStates.releaseId, id)).prepare(),
      signoffs: db.select().from(sectionSignoffs).where(eq(sectionSignoffs.releaseId, id)).prepare(),
      approvals: db
        .select()
        .from(approvals)
        .where(eq(approvals.releaseId, id))
        .orderBy(asc(approvals.at))
        .prepare(),
      messages: db.select().from(releaseMessages).where(eq(releaseMessages.releaseId, id)).prepare(),
      // The people involved vary in number: passed as one JSON array, so the statement stays prepared.
      names: db
        .select()
        .from(slackUsers)
        .where(inJsonArray(db, slackUsers.id, sql.placeholder('people')))
        .prepare(),
      opened: db
        .select({ detail: auditLog.detail })
        .from(auditLog)
        .where(and(eq(auditLog.releaseId, id), eq(auditLog.action, 'release.opened')))
        .limit(1)
        .prepare(),
    };
  });

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const openingOf = (d: Record<string, unknown> | null | undefined): ReleaseOpening | undefined =>
  d?.openedBy === undefined
    ? undefined
    : {
        by: str(d.openedBy),
        requestedBy: str(d.requestedBy),
        url: str(d.url),
        changelog: str(d.changelog),
      };
