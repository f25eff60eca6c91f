import { and, desc, eq, isNull, lt, lte } from 'drizzle-orm';
import { AppError, ErrorCode } from '../../errors.js';
import { rowsChanged } from '../dialect-sql.js';
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
    async openCycle(c: {
      scheduleId: string;
      periodKey: string;
      channelId: string;
      late: boolean;
    }): Promise<CycleSnapshot> {
      const id = await db.transaction(async (tx) => {
        const now = clock.now();
        const ins = await tx
          .insert(maintenanceCycles)
          .values({ ...c, postedAt: now })
          .onConflictDoNothing()
          .run();
        const row = await tx
          .select({ id: maintenanceCycles.id })
          .from(maintenanceCycles)
          .where(
            and(eq(maintenanceCycles.scheduleId, c.scheduleId), eq(maintenanceCycles.periodKey, c.periodKey)),
          )
          .get();
        if (!row) throw new AppError(ErrorCode.INVALID_STATE, 'maintenance cycle vanished');
        if (rowsChanged(ins) === 1) {
          for (const i of checklist.maintenance.items)
            await tx.insert(maintenanceItems).values({ cycleId: row.id, itemId: i.id }).run();
          await audit(tx, {
            cycleId: row.id,
            actor: 'cron',
            action: 'maint.cycle_opened',
            detail: { ...c },
            via: 'cron',
          });
        }
        return row.id;
      });
      return (await snapshot(id)) as CycleSnapshot;
    },
    async setTs(cycleId: number, ts: string): Promise<void> {
      await db.update(maintenanceCycles).set({ ts }).where(eq(maintenanceCycles.id, cycleId)).run();
    },
    /** The newest cycle (of one schedule, or of any). */
    async latest(scheduleId?: string): Promise<CycleSnapshot | undefined> {
      const row = await db
        .select({ id: maintenanceCycles.id })
        .from(maintenanceCycles)
        .where(scheduleId ? eq(maintenanceCycles.scheduleId, scheduleId) : undefined)
        .orderBy(desc(maintenanceCycles.id))
        .limit(1)
        .get();
      return row ? snapshot(row.id) : undefined;
    },
    /** Still-unclosed cycles of a schedule older than `beforeId`. */
    unclosedBefore(scheduleId: string, beforeId: number): Promise<MaintenanceCycle[]> {
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
    close(cycleId: number): Promise<MaintenanceItem[]> {
      return db.transaction(async (tx) => {
        await tx
          .update(maintenanceCycles)
          .set({ closedAt: clock.now() })
          .where(eq(maintenanceCycles.id, cycleId))
          .run();
        const open = await tx
          .select()
          .from(maintenanceItems)
          .where(and(eq(maintenanceItems.cycleId, cycleId), eq(maintenanceItems.state, 'open')))
          .all();
        await audit(tx, {
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
    claimNudges(cutoff: number): Promise<{ cycle: MaintenanceCycle; items: MaintenanceItem[] }[]> {
      const now = clock.now();
      return db.transaction(async (tx) => {
        const cycles = (
          await tx
            .select()
            .from(maintenanceCycles)
            .where(and(isNull(maintenanceCycles.closedAt), lte(maintenanceCycles.postedAt, cutoff)))
            .orderBy(maintenanceCycles.id)
            .all()
        ).filter((c) => c.ts);
        const out: { cycle: MaintenanceCycle; items: MaintenanceItem[] }[] = [];
        for (const cycle of cycles) {
          const due = and(
            eq(maintenanceItems.cycleId, cycle.id),
            eq(maintenanceItems.state, 'open'),
            isNull(maintenanceItems.nudgedAt),
          );
          // The rows this update changed, not a read before it: on Postgres a second process's update waits
          // for ours to commit and then finds nothing left to claim.
          const items = await tx.update(maintenanceItems).set({ nudgedAt: now }).where(due).returning().all();
          if (!items.length) continue;
          await audit(tx, {
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
