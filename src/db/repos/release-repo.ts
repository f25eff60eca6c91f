import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import {
  approvals,
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

/** Everything needed to render a release, read in one go from SQLite (the source of truth). */
export interface ReleaseSnapshot {
  release: ReleaseRow;
  items: Map<string, ItemStateRow>;
  signoffs: Map<string, SignoffRow>;
  approvals: ApprovalRow[];
  messages: Map<string, string>;
  /** Display names of the people involved, for plain_text places where a mention cannot render. */
  names: Map<string, string>;
}

export const newReleaseId = () => `r${randomBytes(5).toString('hex')}`;

export function createReleaseRepo(db: Db) {
  const audit = createAuditRepo(db);
  // Every Slack request runs these two before its ack: prepare them once (drizzle prepares anew per call).
  const statements: {
    name?: { run(p: { id: string; name: string; at: number }): unknown };
    claim?: { run(p: { key: string; at: number }): { changes: number } };
  } = {};
  return {
    insert(
      row: Omit<ReleaseRow, 'threadTs' | 'deployedAt' | 'deployedBy' | 'status' | 'updatedAt'>,
      via: string,
    ) {
      db.transaction((tx) => {
        tx.insert(releases)
          .values({ ...row, updatedAt: row.createdAt })
          .run();
        audit.record({
          releaseId: row.id,
          actor: row.createdBy,
          action: 'release.opened',
          detail: { service: row.service, version: row.version, env: row.env },
          via,
          at: row.createdAt,
        });
      });
    },
    /** Only domain/release-status.ts calls this: a status change is always audited with it. */
    writeStatus: (
      id: string,
      status: ReleaseStatus,
      at: number,
      extra: Partial<Pick<ReleaseRow, 'deployedAt' | 'deployedBy'>> = {},
    ) =>
      db
        .update(releases)
        .set({ status, updatedAt: at, ...extra })
        .where(eq(releases.id, id))
        .run(),
    /** Releases per status (the /metrics gauge). */
    countByStatus: (): Record<string, number> =>
      Object.fromEntries(
        db
          .select({ status: releases.status, n: sql<number>`count(*)` })
          .from(releases)
          .groupBy(releases.status)
          .all()
          .map((r) => [r.status, r.n]),
      ),
    hasSignoff: (releaseId: string, sectionId: string) =>
      db
        .select({ s: sectionSignoffs.sectionId })
        .from(sectionSignoffs)
        .where(and(eq(sectionSignoffs.releaseId, releaseId), eq(sectionSignoffs.sectionId, sectionId)))
        .get() !== undefined,
    addSignoff: (row: SignoffRow) => db.insert(sectionSignoffs).values(row).onConflictDoNothing().run(),
    removeSignoff: (releaseId: string, sectionId: string) =>
      db
        .delete(sectionSignoffs)
        .where(and(eq(sectionSignoffs.releaseId, releaseId), eq(sectionSignoffs.sectionId, sectionId)))
        .run(),
    /** True when this user's approval is new. */
    addApproval: (row: ApprovalRow) =>
      db.insert(approvals).values(row).onConflictDoNothing().run().changes === 1,
    get: (id: string) => db.select().from(releases).where(eq(releases.id, id)).get(),
    byThread: (channelId: string, ts: string) =>
      db
        .select()
        .from(releases)
        .where(and(eq(releases.channelId, channelId), eq(releases.threadTs, ts)))
        .get(),
    setThreadTs: (id: string, ts: string) =>
      db.update(releases).set({ threadTs: ts }).where(eq(releases.id, id)).run(),
    saveMessage: (releaseId: string, sectionId: string, ts: string) =>
      db
        .insert(releaseMessages)
        .values({ releaseId, sectionId, ts })
        .onConflictDoUpdate({ target: [releaseMessages.releaseId, releaseMessages.sectionId], set: { ts } })
        .run(),
    listByStatus: (statuses: ReleaseStatus[], service?: string) =>
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
    snapshot(id: string): ReleaseSnapshot | undefined {
      return db.transaction((tx) => {
        const release = tx.select().from(releases).where(eq(releases.id, id)).get();
        if (!release) return undefined;
        const items = tx.select().from(itemStates).where(eq(itemStates.releaseId, id)).all();
        const signoffs = tx.select().from(sectionSignoffs).where(eq(sectionSignoffs.releaseId, id)).all();
        const approvalRows = tx
          .select()
          .from(approvals)
          .where(eq(approvals.releaseId, id))
          .orderBy(asc(approvals.at))
          .all();
        const messages = tx.select().from(releaseMessages).where(eq(releaseMessages.releaseId, id)).all();
        const people = [
          ...new Set([
            release.createdBy,
            ...items.map((i) => i.by),
            ...signoffs.map((s) => s.userId),
            ...approvalRows.map((a) => a.userId),
          ]),
        ];
        const names = tx.select().from(slackUsers).where(inArray(slackUsers.id, people)).all();
        return {
          release,
          items: new Map(items.map((r) => [r.itemId, r])),
          signoffs: new Map(signoffs.map((r) => [r.sectionId, r])),
          approvals: approvalRows,
          messages: new Map(messages.map((m) => [m.sectionId, m.ts])),
          names: new Map(names.map((n) => [n.id, n.name])),
        };
      });
    },
    rememberName(id: string, name: string | undefined, at: number) {
      if (!name) return;
      statements.name ??= db
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
        .prepare();
      statements.name.run({ id, name, at });
    },
    /** Records an idempotency key; false when it was already seen (a Slack retry or replay). */
    claimRequest(key: string, at: number): boolean {
      statements.claim ??= db
        .insert(processedRequests)
        .values({ key: sql.placeholder('key'), at: sql.placeholder('at') })
        .onConflictDoNothing()
        .prepare();
      return statements.claim.run({ key, at }).changes === 1;
    },
  };
}
export type ReleaseRepo = ReturnType<typeof createReleaseRepo>;
