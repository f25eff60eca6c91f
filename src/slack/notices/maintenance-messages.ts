import type { Checklist } from '../../checklist/checklist.js';
import type { OutboxRepo } from '../../db/repos/outbox-repo.js';
import type { MaintenanceService } from '../../domain/maintenance.js';
import { renderMaintenanceCycle } from '../blocks/maintenance-cycle.js';
import type { OutboxRenderer } from '../outbox/message.js';

export const MAINTENANCE_CYCLE = 'maintenance-cycle';

/**
 * A maintenance cycle's message, re-rendered through the outbox: many clicks become one chat.update
 * showing the stored state when it is sent (this replaces the listener's own coalescer).
 */
export function createMaintenanceMessages(deps: {
  maintenance: Pick<MaintenanceService, 'snapshot'>;
  checklist: Checklist;
  outbox: OutboxRepo;
}) {
  const renderer: OutboxRenderer = {
    async render(ref) {
      const snap = await deps.maintenance.snapshot(Number(ref));
      if (!snap?.cycle.ts) return undefined;
      return {
        kind: 'update',
        channel: snap.cycle.channelId,
        ts: snap.cycle.ts,
        ...renderMaintenanceCycle(snap, deps.checklist),
      };
    },
  };
  return {
    renderers: { [MAINTENANCE_CYCLE]: renderer },
    /** Marks the cycle's message for a re-render; await it in the transaction of the change. */
    async refresh(cycleId: number): Promise<void> {
      const snap = await deps.maintenance.snapshot(cycleId);
      if (!snap) return;
      await deps.outbox.enqueue({
        key: `maintenance:${cycleId}`,
        kind: 'update',
        channel: snap.cycle.channelId,
        renderer: MAINTENANCE_CYCLE,
        ref: String(cycleId),
      });
    },
  };
}
export type MaintenanceMessages = ReturnType<typeof createMaintenanceMessages>;
