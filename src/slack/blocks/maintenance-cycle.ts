import type { Checklist } from '../../checklist/checklist.js';
import type { CycleSnapshot, MaintenanceItem } from '../../domain/maintenance.js';
import type { Block } from '../ports.js';
import { clip, esc, lateNote, mention, periodDate, slackDate } from './maintenance-text.js';

export const MAINT_TOGGLE = 'maint:toggle';
export const MAINT_OWNER = 'maint:owner';
export const MAINT_NA = 'maint:na';

// Two blocks per item plus header, progress and an overflow note must stay within Slack's 50.
const MAX_ITEMS = 23;

/** Block ids carry the cycle and the item, so an action needs no lookup of which message was clicked. */
export const itemBlockId = (cycleId: number, itemId: string) => `maint:${cycleId}:${itemId}`;
export const ownerBlockId = (cycleId: number, itemId: string) => `maint-o:${cycleId}:${itemId}`;
export function parseMaintBlockId(blockId: string): { cycleId: number; itemId: string } | undefined {
  const m = /^maint(?:-o)?:(\d+):([a-z0-9][a-z0-9._-]*)$/.exec(blockId);
  return m ? { cycleId: Number(m[1]), itemId: String(m[2]) } : undefined;
}

export function progressLine(items: readonly MaintenanceItem[]): string {
  const done = items.filter((i) => i.state === 'done').length;
  const na = items.filter((i) => i.state === 'na').length;
  return `${done}/${items.length} done${na ? ` · ${na} N/A` : ''}`;
}

function stateLine(i: MaintenanceItem): string {
  const owner = i.owner ? ` · owner <@${i.owner}>` : '';
  if (i.state === 'done')
    return `:white_check_mark: ${mention(i.by)} · ${i.at ? slackDate(i.at) : ''}${owner}`;
  if (i.state === 'na')
    return `:heavy_minus_sign: N/A: ${esc(clip(i.reason ?? '', 500))} (${mention(i.by)})${owner}`;
  return `:white_circle: open${owner}`;
}

/** The interactive cycle message, rendered from the database state. */
export function renderMaintenanceCycle(
  snap: CycleSnapshot,
  checklist: Pick<Checklist, 'maintenance'>,
): { text: string; blocks: Block[] } {
  const { cycle, items } = snap;
  const textOf = new Map(checklist.maintenance.items.map((i) => [i.id, i.text]));
  const title = `${checklist.maintenance.title} · ${periodDate(cycle.periodKey)}`;
  const progress = progressLine(items);
  const notes = [
    `*${progress}*`,
    ...(cycle.late ? [lateNote(cycle.periodKey)] : []),
    ...(cycle.closedAt ? ['closed: a newer cycle has started'] : []),
  ];
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(title, 150), emoji: true } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: notes.join(' · ') }] },
  ];
  for (const i of items.slice(0, MAX_ITEMS)) {
    const done = { text: { type: 'plain_text' as const, text: 'Done' }, value: i.itemId };
    blocks.push(
      {
        type: 'section',
        block_id: itemBlockId(cycle.id, i.itemId),
        text: {
          type: 'mrkdwn',
          text: `*${esc(clip(textOf.get(i.itemId) ?? i.itemId, 2000))}*\n${stateLine(i)}`,
        },
        accessory: {
          type: 'checkboxes',
          action_id: MAINT_TOGGLE,
          options: [done],
          ...(i.state === 'done' ? { initial_options: [done] } : {}),
        },
      },
      {
        type: 'actions',
        block_id: ownerBlockId(cycle.id, i.itemId),
        elements: [
          {
            type: 'users_select',
            action_id: MAINT_OWNER,
            placeholder: { type: 'plain_text', text: 'Assign owner' },
            ...(i.owner ? { initial_user: i.owner } : {}),
          },
          {
            type: 'overflow',
            action_id: MAINT_NA,
            options: [
              i.state === 'na'
                ? { text: { type: 'plain_text', text: 'Clear N/A' }, value: 'clear' }
                : { text: { type: 'plain_text', text: 'Mark N/A…' }, value: 'na' },
            ],
          },
        ],
      },
    );
  }
  if (items.length > MAX_ITEMS)
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `${items.length - MAX_ITEMS} more items are not shown (Slack allows 50 blocks per message).`,
        },
      ],
    });
  return { text: `${checklist.maintenance.title}: ${progress}`, blocks };
}
