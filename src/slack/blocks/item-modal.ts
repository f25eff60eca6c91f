import { z } from 'zod';
import type { ChecklistGroup } from '../../checklist/checklist.js';
import type { ItemStateRow } from '../../db/repos/release-repo.js';
import { truncate } from './text.js';

/** What the modal carries in private_metadata, checked when it comes back. */
export const itemModalMeta = z.object({
  releaseId: z.string(),
  mode: z.enum(['na', 'clear', 'override']),
  channel: z.string(),
  threadTs: z.string().optional(),
});
export type ItemModalMeta = z.infer<typeof itemModalMeta>;
export type ItemModalMode = ItemModalMeta['mode'];

// Modal titles are capped at 24 characters by Slack.
const TITLES: Record<ItemModalMode, string> = {
  na: 'Mark not applicable',
  clear: 'Clear N/A',
  override: 'Override failing check',
};

/** The modal behind a group's overflow menu: pick an item, give a reason (for N/A and overrides). */
export function renderItemModal(
  group: ChecklistGroup,
  states: ReadonlyMap<string, ItemStateRow>,
  meta: ItemModalMeta,
) {
  const eligible = group.items.filter((i) => {
    const s = states.get(i.id)?.state ?? 'open';
    return meta.mode === 'na' ? s !== 'na' : meta.mode === 'clear' ? s === 'na' : s === 'failing';
  });
  if (!eligible.length) return undefined;
  return {
    type: 'modal' as const,
    callback_id: 'item_modal',
    private_metadata: JSON.stringify(meta),
    title: { type: 'plain_text' as const, text: TITLES[meta.mode] },
    submit: { type: 'plain_text' as const, text: meta.mode === 'clear' ? 'Clear' : 'Save' },
    close: { type: 'plain_text' as const, text: 'Cancel' },
    blocks: [
      {
        type: 'section' as const,
        text: { type: 'mrkdwn' as const, text: truncate(`*${group.title}*`, 3000) },
      },
      {
        type: 'input' as const,
        block_id: 'item',
        label: { type: 'plain_text' as const, text: 'Item' },
        element: {
          type: 'static_select' as const,
          action_id: 'value',
          ...(eligible.length === 1 ? { initial_option: option(eligible[0]!) } : {}),
          options: eligible.slice(0, 100).map(option),
        },
      },
      ...(meta.mode === 'clear'
        ? []
        : [
            {
              type: 'input' as const,
              block_id: 'reason',
              label: {
                type: 'plain_text' as const,
                text: meta.mode === 'na' ? 'Why is it not applicable?' : 'Why is it safe to proceed?',
              },
              element: {
                type: 'plain_text_input' as const,
                action_id: 'value',
                multiline: true,
                min_length: 3,
                max_length: 500,
              },
            },
          ]),
    ],
  };
}

const option = (i: { id: string; text: string }) => ({
  text: { type: 'plain_text' as const, text: truncate(i.text, 75) },
  value: i.id,
});
