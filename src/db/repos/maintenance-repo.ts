import { and, eq } from 'drizzle-orm';
import type { Checklist } from '../../checklist/checklist.js';
import type { Clock } from '../../clock.js';
import { AppError, ErrorCode } from '../../errors.js';
import type { Via } from '../../model/item-change.js';
import type { Db } from '../client.js';
import { maintenanceCycles, maintenanceItems } from '../schema.js';
import { createAuditRepo } from './audit-repo.js';

export type MaintenanceCycle = typeof maintenanceCycles.$inferSelect;
export type MaintenanceItem = typeof maintenanceItems.$inferSelect;
export interface CycleSnapshot {
  cycle: MaintenanceCycle;
  items: MaintenanceItem[];
}
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Row access shared by the cycle and item operations; every write goes with an audit_log row. */
export function createMaintenanceStore(deps: { db: Db; clock: Clock; checklist: Checklist }) {
  const { db, clock, checklist } = deps;
  const order = new Map(checklist.maintenance.items.map((i, n) => [i.id, n]));
  const byChecklistOrder = (a: MaintenanceItem, b: MaintenanceItem) =>
    (order.get(a.itemId) ?? 999) - (order.get(b.itemId) ?? 999);
  const audit = (
    tx: Tx | Db,
    e: {
      cycleId: number;
      actor: string;
      action: string;
      target?: string;
      detail?: Record<string, unknown>;
      via: Via;
    },
  ): Promise<void> => createAuditRepo(tx as Db).record({ ...e, at: clock.now() });

  async function snapshot(cycleId: number): Promise<CycleSnapshot | undefined> {
    const cycle = await db.select().from(maintenanceCycles).where(eq(maintenanceCycles.id, cycleId)).get();
    if (!cycle) return undefined;
    const items = await db.select().from(maintenanceItems).where(eq(maintenanceItems.cycleId, cycleId)).all();
    items.sort(byChecklistOrder);
    return { cycle, items };
  }

  async function item(tx: Tx | Db, cycleId: number, itemId: string): Promise<MaintenanceItem> {
    const row = await tx
      .select()
      .from(maintenanceItems)
      .where(and(eq(maintenanceItems.cycleId, cycleId), eq(maintenanceItems.itemId, itemId)))
      .get();
    if (!row) throw new AppError(ErrorCode.NOT_FOUND, `No maintenance item "${itemId}" in cycle ${cycleId}.`);
    return row;
  }

  async function write(
    tx: Tx | Db,
    cycleId: number,
    itemId: string,
    set: Partial<MaintenanceItem>,
  ): Promise<void> {
    await tx
      .update(maintenanceItems)
      .set(set)
      .where(and(eq(maintenanceItems.cycleId, cycleId), eq(maintenanceItems.itemId, itemId)))
      .run();
  }

  return { db, clock, checklist, byChecklistOrder, audit, snapshot, item, write };
}
export type MaintenanceStore = ReturnType<typeof createMaintenanceStore>;
