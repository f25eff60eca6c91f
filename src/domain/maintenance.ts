import type { Checklist } from '../checklist/checklist.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { serializeOn } from '../db/dialect-sql.js';
import { createMaintenanceCycles } from '../db/repos/maintenance-cycle-repo.js';
import { createMaintenanceStore } from '../db/repos/maintenance-repo.js';
import { AppError, ErrorCode } from '../errors.js';
import type { Via } from './item-states.js';

export type { CycleSnapshot, MaintenanceCycle, MaintenanceItem } from '../db/repos/maintenance-repo.js';

/** Who may run maintenance on demand, as Slack mrkdwn mentions. */
export const describeAdmins = (admins: readonly string[]) =>
  admins.map((a) => (a.startsWith('S') ? `<!subteam^${a}>` : `<@${a}>`)).join(', ');

/** Maintenance cycles and their items: every change lands in maintenance_items and audit_log together. */
export function createMaintenanceService(deps: {
  db: Db;
  clock: Clock;
  checklist: Checklist;
  config: Pick<Config, 'file'>;
}) {
  const { config } = deps;
  const store = createMaintenanceStore(deps);
  const { db, clock, audit, item, write } = store;
  return {
    snapshot: store.snapshot,
    ...createMaintenanceCycles(store),
    /**
     * Applies what the user changed relative to what their client showed: ticking an item someone else
     * already ticked keeps the original who/when; unticking only touches items that are done.
     */
    async toggle(
      cycleId: number,
      userId: string,
      delta: { ticked: string[]; unticked: string[] },
      via: Via,
    ): Promise<string[]> {
      return db.transaction(async (tx) => {
        await serializeOn(db, `cycle:${cycleId}`);
        const changed: string[] = [];
        for (const id of delta.ticked) {
          if ((await item(tx, cycleId, id)).state === 'done') continue;
          await write(tx, cycleId, id, { state: 'done', by: userId, at: clock.now(), reason: null });
          await audit(tx, { cycleId, actor: userId, action: 'maint.done', target: id, via });
          changed.push(id);
        }
        for (const id of delta.unticked) {
          if ((await item(tx, cycleId, id)).state !== 'done') continue;
          await write(tx, cycleId, id, { state: 'open', by: userId, at: clock.now(), reason: null });
          await audit(tx, { cycleId, actor: userId, action: 'maint.open', target: id, via });
          changed.push(id);
        }
        return changed;
      });
    },
    async assignOwner(
      cycleId: number,
      itemId: string,
      owner: string | null,
      by: string,
      via: Via,
    ): Promise<boolean> {
      return db.transaction(async (tx) => {
        await serializeOn(db, `cycle:${cycleId}`);
        if ((await item(tx, cycleId, itemId)).owner === owner) return false;
        await write(tx, cycleId, itemId, { owner });
        await audit(tx, {
          cycleId,
          actor: by,
          action: 'maint.owner',
          target: itemId,
          detail: { owner },
          via,
        });
        return true;
      });
    },
    /** N/A with a reason, or (reason null) back to open. */
    async setNotApplicable(
      cycleId: number,
      itemId: string,
      by: string,
      reason: string | null,
      via: Via,
    ): Promise<boolean> {
      const text = reason?.trim() ?? null;
      if (text === '') throw new AppError(ErrorCode.BAD_INPUT, 'A reason is required to mark an item N/A.');
      return db.transaction(async (tx) => {
        await serializeOn(db, `cycle:${cycleId}`);
        const cur = await item(tx, cycleId, itemId);
        if (text === null && cur.state !== 'na') return false;
        if (text !== null && cur.state === 'na' && cur.reason === text) return false;
        await write(tx, cycleId, itemId, { state: text ? 'na' : 'open', by, at: clock.now(), reason: text });
        await audit(tx, {
          cycleId,
          actor: by,
          action: text ? 'maint.na' : 'maint.open',
          target: itemId,
          detail: text ? { reason: text } : {},
          via,
        });
        return true;
      });
    },
    /** Refuses non-admins with a message that says who can. */
    assertCanRunNow(userId: string, isAdmin: boolean) {
      if (isAdmin) return;
      const admins = config.file.admins;
      throw new AppError(
        ErrorCode.FORBIDDEN,
        admins.length
          ? `Only maintenance admins can post a cycle on demand: ${describeAdmins(admins)}.`
          : 'Only maintenance admins can post a cycle on demand, and none are configured: add Slack user IDs under `admins:` in the config file.',
        { userId },
      );
    },
  };
}
export type MaintenanceService = ReturnType<typeof createMaintenanceService>;
