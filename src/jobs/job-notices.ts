import type { MaintenanceCycle, MaintenanceItem } from '../domain/maintenance.js';

/** The checklist item that fixes an expiring certificate, named in the warning. */
export interface CertItemRef {
  text: string;
  where: string;
}

/**
 * What the scheduled jobs tell people. Each call only records the message to send (an outbox row): await it
 * in the transaction of the change it announces. src/slack/notices/job-notices.ts implements it.
 */
export interface JobNotices {
  /** Posts the cycle's message once; its ts is stored when Slack accepts it. */
  cycleOpened(cycleId: number): Promise<void>;
  /** Re-renders a cycle's message (closed, or an item changed). */
  cycleChanged(cycleId: number): Promise<void>;
  /** What an older cycle left open, in the thread of the cycle that replaced it. */
  overdue(cycleId: number, previousCycleId: number): Promise<void>;
  reminder(
    channel: string,
    r: { scheduleId: string; text: string | undefined; periodKey: string; late: boolean },
  ): Promise<void>;
  nudge(cycle: MaintenanceCycle, items: readonly MaintenanceItem[], days: number): Promise<void>;
  certificateWarning(
    channel: string,
    w: { service: string; url: string; daysLeft: number; validTo: string; item: CertItemRef | undefined },
  ): Promise<void>;
  certificateUnreachable(
    channel: string,
    w: { service: string; url: string; error: string; item: CertItemRef | undefined },
  ): Promise<void>;
}
