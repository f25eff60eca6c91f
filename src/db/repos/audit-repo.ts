import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { prepareOnce } from '../prepared.js';
import { auditLog } from '../schema.js';

export type AuditEntry = Omit<typeof auditLog.$inferInsert, 'id'>;
export type AuditRow = typeof auditLog.$inferSelect;

const p = (name: keyof AuditEntry) => sql.placeholder(name);

/**
 * The one writer of audit_log (append-only: no update, no delete). Call `record` inside the transaction of
 * the change it records, so a decision and its audit row commit together.
 */
export function createAuditRepo(db: Db) {
  return {
    async record(e: AuditEntry): Promise<void> {
      // Every tick writes one: prepared once. `detail` is serialised here so a missing one stays SQL NULL
      // (a placeholder would pass null through the JSON encoder and store the text 'null').
      await prepareOnce(db, 'audit.record', () =>
        db
          .insert(auditLog)
          .values({
            releaseId: p('releaseId'),
            cycleId: p('cycleId'),
            actor: p('actor'),
            action: p('action'),
            target: p('target'),
            detail: sql`${p('detail')}`,
            via: p('via'),
            at: p('at'),
          })
          .prepare(),
      ).run({
        releaseId: e.releaseId ?? null,
        cycleId: e.cycleId ?? null,
        actor: e.actor,
        action: e.action,
        target: e.target ?? null,
        detail: e.detail == null ? null : JSON.stringify(e.detail),
        via: e.via,
        at: e.at,
      });
    },
    forRelease: (releaseId: string): Promise<AuditRow[]> =>
      db.select().from(auditLog).where(eq(auditLog.releaseId, releaseId)).orderBy(asc(auditLog.id)).all(),
  };
}
export type AuditRepo = ReturnType<typeof createAuditRepo>;
