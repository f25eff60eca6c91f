import type { Checklist } from '../../checklist/checklist.js';
import type { CycleSnapshot, MaintenanceItem } from '../../domain/maintenance.js';
import type { Block } from '../ports.js';
import { progressLine } from './maintenance-cycle.js';
import { clip, esc, lateNote, mention, periodLabel } from './maintenance-text.js';

export const MAINT_RUN = 'maint:run';

type Items = Pick<Checklist, 'maintenance'>;
const itemText = (c: Items, id: string) => esc(c.maintenance.items.find((i) => i.id === id)?.text ?? id);

// A thread reply is one section; keep well under its 3000 characters however many items there are.
const bullets = (c: Items, items: readonly MaintenanceItem[]) =>
  clip(items.map((i) => `• ${itemText(c, i.itemId)} — ${mention(i.owner)}`).join('\n'), 2800);

const section = (text: string): Block[] => [{ type: 'section', text: { type: 'mrkdwn', text } }];

/** Posted in the new cycle's thread when the previous cycle still had open items. */
export function renderOverdueSummary(c: Items, previousPeriodKey: string, open: readonly MaintenanceItem[]) {
  const text = `:hourglass: *Overdue from the previous cycle* (${periodLabel(previousPeriodKey)}): ${open.length} item${open.length === 1 ? '' : 's'} never done\n${bullets(c, open)}`;
  return { text, blocks: section(text) };
}

/** Reply in the cycle's thread for items still open after the nudge delay. */
export function renderNudge(c: Items, items: readonly MaintenanceItem[], days: number) {
  const owners = [...new Set(items.map((i) => i.owner).filter((o): o is string => !!o))];
  const who = owners.length ? `${owners.map((o) => `<@${o}>`).join(' ')} ` : '';
  const text = `:bell: ${who}still open after ${days} day${days === 1 ? '' : 's'}:\n${bullets(c, items)}`;
  return { text, blocks: section(text) };
}

/** A `kind: reminder` schedule's message. */
export function renderReminder(text: string | undefined, periodKey: string, late: boolean) {
  const body = `:alarm_clock: ${text ?? 'Scheduled reminder'}${late ? `\n_${lateNote(periodKey)}_` : ''}`;
  return { text: body, blocks: section(clip(body, 3000)) };
}

/** `/deploy-check maintenance`: the current cycle of each maintenance schedule, and a run-now button. */
export function renderMaintenanceStatus(
  c: Items,
  cycles: readonly { scheduleId: string; snap: CycleSnapshot | undefined; link?: string | undefined }[],
  opts: { canRun: boolean },
): { text: string; blocks: Block[] } {
  const lines = cycles.map(({ scheduleId, snap, link }) => {
    if (!snap) return `*${scheduleId}*: no cycle posted yet.`;
    const open = snap.items.filter((i) => i.state === 'open');
    const title = link ? `<${link}|${periodLabel(snap.cycle.periodKey)}>` : periodLabel(snap.cycle.periodKey);
    const list = open.length ? `\n${bullets(c, open)}` : ' :tada: all done';
    return `*${scheduleId}* · ${title}${snap.cycle.closedAt ? ' (closed)' : ''}: ${progressLine(snap.items)}${list}`;
  });
  const text = clip(lines.length ? lines.join('\n\n') : 'No maintenance schedules are configured.', 2900);
  const blocks: Block[] = section(text);
  if (opts.canRun)
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: MAINT_RUN,
          text: { type: 'plain_text', text: 'Post a cycle now' },
          value: 'run',
        },
      ],
    });
  return { text, blocks };
}
