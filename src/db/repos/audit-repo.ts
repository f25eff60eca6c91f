import { asc, eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import { auditLog } from '../schema.js';

export type AuditEntry = Omit<typeof auditLog.$inferInsert, 'id'>;
export type AuditRow = typeof auditLog.$inferSelect;

/**
 * The one writer of audit_log (append-only: no update, no delete). Call `record` inside the transaction of
 * the change it records, so a decision and its audit row commit together.
 */
export function createAuditRepo(db: Db) {
  return {
    record(e: AuditEntry): void {
      db.insert(auditLog)
        .values({ ...e, target: e.target ?? null, detail: e.detail ?? null })
        .run();
    },
    forRelease: (releaseId: string): AuditRow[] =>
      db.select().from(auditLog).where(eq(auditLog.releaseId, releaseId)).orderBy(asc(auditLog.id)).all(),
  };
}
export type AuditRepo = ReturnType<typeof createAuditRepo>;
