import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { clip } from './maintenance-text.js';

export const MAINT_NA_MODAL = 'maint:na_modal';
/** What the N/A modal carries in private_metadata, checked when it comes back. */
export const naModalMeta = z.object({ cycleId: z.number().int(), itemId: z.string() });
export type NaModalMeta = z.infer<typeof naModalMeta>;

/** "Mark N/A…": a required reason; private_metadata carries which cycle item it is for. */
export function renderNaModal(meta: NaModalMeta, itemText: string): ModalView {
  return {
    type: 'modal',
    callback_id: MAINT_NA_MODAL,
    private_metadata: JSON.stringify(meta),
    title: { type: 'plain_text', text: 'Not applicable' },
    submit: { type: 'plain_text', text: 'Mark N/A' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      { type: 'section', text: { type: 'plain_text', text: clip(itemText, 3000) } },
      {
        type: 'input',
        block_id: 'reason',
        label: { type: 'plain_text', text: 'Why does this not apply this cycle?' },
        element: { type: 'plain_text_input', action_id: 'reason', multiline: true, max_length: 500 },
      },
    ],
  };
}
