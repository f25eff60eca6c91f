import { and, desc, eq, isNull, lt, lte } from 'drizzle-orm';
import { AppError, ErrorCode } from '../../errors.js';
import { maintenanceCycles, maintenanceItems } from '../schema.js';
import type {
  CycleSnapshot,
  MaintenanceCycle,
  MaintenanceItem,
  MaintenanceStore,
} from './maintenance-repo.js';

/** A cycle's life: opened for (schedule, period), posted (ts), nudged, closed when the next one starts. */
export function createMaintenanceCycles(store: MaintenanceStore) {
  const { db, clock, checklist, audit, snapshot, byChecklistOrder } = store;
  return {
    /** Creates the cycle for (schedule, period) with every maintenance item open; returns the existing one if any. */
    openCycle(c: { scheduleId: string; periodKey: string; channelId: string; late: boolean }): CycleSnapshot {
      const id = db.transaction((tx) => {
        const now = clock.now();
        const ins = tx
          .insert(maintenanceCycles)
          .values({ ...c, postedAt: now })
          .onConflictDoNothing()
          .run();
        const row = tx
          .select({ id: maintenanceCycles.id })
          .from(maintenanceCycles)
          .where(
            and(eq(maintenanceCycles.scheduleId, c.scheduleId), eq(maintenanceCycles.periodKey, c.periodKey)),
          )
          .get();
        if (!row) throw new AppError(ErrorCode.INVALID_STATE, 'maintenance cycle vanished');
        if (ins.changes === 1) {
          for (const i of checklist.maintenance.items)
            tx.insert(maintenanceItems).values({ cycleId: row.id, itemId: i.id }).run();
          audit(tx, {
            cycleId: row.id,
            actor: 'cron',
            action: 'maint.cycle_opened',
            detail: { ...c },
            via: 'cron',
          });
        }
        return row.id;
      });
      return snapshot(id) as CycleSnapshot;
    },
    setTs(cycleId: number, ts: string) {
      db.update(maintenanceCycles).set({ ts }).where(eq(maintenanceCycles.id, cycleId)).run();
    },
    /** The newest cycle (of one schedule, or of any). */
    latest(scheduleId?: string): CycleSnapshot | undefined {
      const row = db
        .select({ id: maintenanceCycles.id })
        .from(maintenanceCycles)
        .where(scheduleId ? eq(maintenanceCycles.scheduleId, scheduleId) : undefined)
        .orderBy(desc(maintenanceCycles.id))
        .get();
      return row ? snapshot(row.id) : undefined;
    },
    /** Still-unclosed cycles of a schedule older than `beforeId`. */
    unclosedBefore(scheduleId: string, beforeId: number): MaintenanceCycle[] {
      return db
        .select()
        .from(maintenanceCycles)
        .where(
          and(
            eq(maintenanceCycles.scheduleId, scheduleId),
            isNull(maintenanceCycles.closedAt),
            lt(maintenanceCycles.id, beforeId),
          ),
        )
        .all();
    },
    /** Closes a cycle; returns the items left open (for the overdue summary). */
    close(cycleId: number): MaintenanceItem[] {
      return db.transaction((tx) => {
        tx.update(maintenanceCycles)
          .set({ closedAt: clock.now() })
          .where(eq(maintenanceCycles.id, cycleId))
          .run();
        const open = tx
          .select()
          .from(maintenanceItems)
          .where(and(eq(maintenanceItems.cycleId, cycleId), eq(maintenanceItems.state, 'open')))
          .all();
        audit(tx, {
          cycleId,
          actor: 'cron',
          action: 'maint.cycle_closed',
          detail: { open: open.map((i) => i.itemId) },
          via: 'cron',
        });
        return open;
      });
    },
    /**
     * Marks open items of posted, unclosed cycles older than `cutoff` as nudged and returns them grouped by
     * cycle. The conditional update is the claim, so two processes never nudge the same item twice.
     */
    claimNudges(cutoff: number): { cycle: MaintenanceCycle; items: MaintenanceItem[] }[] {
      const now = clock.now();
      return db.transaction((tx) => {
        const cycles = tx
          .select()
          .from(maintenanceCycles)
          .where(and(isNull(maintenanceCycles.closedAt), lte(maintenanceCycles.postedAt, cutoff)))
          .all()
          .filter((c) => c.ts);
        const out: { cycle: MaintenanceCycle; items: MaintenanceItem[] }[] = [];
        for (const cycle of cycles) {
          const due = and(
            eq(maintenanceItems.cycleId, cycle.id),
            eq(maintenanceItems.state, 'open'),
            isNull(maintenanceItems.nudgedAt),
          );
          const items = tx.select().from(maintenanceItems).where(due).all();
          if (!items.length) continue;
          tx.update(maintenanceItems).set({ nudgedAt: now }).where(due).run();
          audit(tx, {
            cycleId: cycle.id,
            actor: 'cron',
            action: 'maint.nudged',
            detail: { items: items.map((i) => i.itemId) },
            via: 'cron',
          });
          items.sort(byChecklistOrder);
          out.push({ cycle, items });
        }
        return out;
      });
    },
  };
}
