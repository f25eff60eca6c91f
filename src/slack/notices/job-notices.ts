import type { Checklist } from '../../checklist/checklist.js';
import type { OutboxRepo } from '../../db/repos/outbox-repo.js';
import type { MaintenanceService } from '../../domain/maintenance.js';
import type { JobNotices } from '../../jobs/job-notices.js';
import { renderCertUnreachable, renderCertWarning } from '../blocks/cert-warning.js';
import { renderMaintenanceCycle } from '../blocks/maintenance-cycle.js';
import { renderNudge, renderOverdueSummary, renderReminder } from '../blocks/maintenance-notices.js';
import type { OutboxRenderer } from '../outbox/message.js';
import { createOutboxWrites } from '../outbox/outbox-writes.js';
import type { MaintenanceMessages } from './maintenance-messages.js';

const CYCLE_POST = 'maintenance-cycle-post';
const OVERDUE = 'maintenance-overdue';

/**
 * The scheduled jobs' messages as outbox rows. The cycle message and the overdue summary are rendered when
 * they are sent (the summary goes into the new cycle's thread, whose ts only exists once that is posted:
 * both are rows of the same channel, sent in order).
 */
export function createJobNotices(deps: {
  maintenance: Pick<MaintenanceService, 'snapshot' | 'setTs'>;
  messages: MaintenanceMessages;
  checklist: Checklist;
  outbox: OutboxRepo;
}): JobNotices & { renderers: Record<string, OutboxRenderer> } {
  const { maintenance, checklist, outbox } = deps;
  const writes = createOutboxWrites(outbox);
  const cyclePost: OutboxRenderer = {
    async render(ref) {
      const snap = await maintenance.snapshot(Number(ref));
      if (!snap || snap.cycle.ts) return undefined;
      return { kind: 'post', channel: snap.cycle.channelId, ...renderMaintenanceCycle(snap, checklist) };
    },
    async posted(ref, ts) {
      await maintenance.setTs(Number(ref), ts);
    },
  };
  const overdue: OutboxRenderer = {
    async render(ref) {
      const [cycleId, previousId] = ref.split('/').map(Number) as [number, number];
      const next = await maintenance.snapshot(cycleId);
      const prev = await maintenance.snapshot(previousId);
      const open = prev?.items.filter((i) => i.state === 'open') ?? [];
      if (!next?.cycle.ts || !prev || !open.length) return undefined;
      return {
        kind: 'post',
        channel: next.cycle.channelId,
        threadTs: next.cycle.ts,
        ...renderOverdueSummary(checklist, prev.cycle.periodKey, open),
      };
    },
  };
  return {
    renderers: { [CYCLE_POST]: cyclePost, [OVERDUE]: overdue },
    async cycleOpened(cycleId) {
      const snap = await maintenance.snapshot(cycleId);
      if (!snap || snap.cycle.ts) return;
      await outbox.enqueue({
        key: `maintenance:${cycleId}:post`,
        kind: 'post',
        channel: snap.cycle.channelId,
        renderer: CYCLE_POST,
        ref: String(cycleId),
      });
    },
    cycleChanged: (cycleId) => deps.messages.refresh(cycleId),
    async overdue(cycleId, previousCycleId) {
      const snap = await maintenance.snapshot(cycleId);
      if (!snap) return;
      await outbox.enqueue({
        key: `maintenance:${previousCycleId}:overdue`,
        kind: 'post',
        channel: snap.cycle.channelId,
        renderer: OVERDUE,
        ref: `${cycleId}/${previousCycleId}`,
      });
    },
    async reminder(channel, r) {
      await writes.post(
        { channel, ...renderReminder(r.text, r.periodKey, r.late) },
        { key: `reminder:${r.scheduleId}:${r.periodKey}` },
      );
    },
    async nudge(cycle, items, days) {
      await writes.post({
        channel: cycle.channelId,
        threadTs: cycle.ts ?? undefined,
        ...renderNudge(checklist, items, days),
      });
    },
    certificateWarning: (channel, w) => writes.post({ channel, ...renderCertWarning(w) }),
    certificateUnreachable: (channel, w) => writes.post({ channel, ...renderCertUnreachable(w) }),
  };
}
