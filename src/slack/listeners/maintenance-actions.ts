import type {
  App,
  BlockAction,
  ButtonAction,
  CheckboxesAction,
  OverflowAction,
  UsersSelectAction,
} from '@slack/bolt';
import type { JobDeps } from '../../jobs/job-deps.js';
import { runMaintenanceNow } from '../../jobs/run-maintenance-now.js';
import { MAINT_NA, MAINT_OWNER, MAINT_TOGGLE, parseMaintBlockId } from '../blocks/maintenance-cycle.js';
import { MAINT_NA_MODAL, naModalMeta, renderNaModal } from '../blocks/maintenance-na-modal.js';
import { MAINT_RUN } from '../blocks/maintenance-notices.js';
import { fieldErrorText, replyText } from '../error-reply.js';
import { createMaintenanceCommand } from '../maintenance-command.js';
import type { MaintenanceMessages } from '../notices/maintenance-messages.js';
import type { OutboxWrites } from '../outbox/outbox-writes.js';
import { parseMetadata, shownSelection } from '../payloads.js';
import type { SlackPoster } from '../ports.js';

export interface MaintenanceActionDeps extends JobDeps, Pick<SlackPoster, 'permalink'> {
  messages: MaintenanceMessages;
  writes: Pick<OutboxWrites, 'ephemeral'>;
  /** Whether the user may run maintenance on demand (config `admins`, user groups resolved by the caller). */
  isAdmin?: (userId: string) => Promise<boolean>;
}

/**
 * Checkbox, owner, N/A and run-now interactions on maintenance cycle messages. A tick and an N/A reason are
 * committed before the ack; the owner and N/A menus ack first. Every change re-renders the message from the
 * database.
 * Returns the `/deploy-check maintenance [run]` handler for FeatureHooks.maintenance.
 */
export function registerMaintenanceActions(app: App, input: MaintenanceActionDeps) {
  const deps: JobDeps = input;
  const { maintenance, logger, checklist } = deps;
  const isAdmin = input.isAdmin ?? (async (u: string) => deps.config.file.admins.includes(u));
  const { messages, writes } = input;
  /** The change and "its message is out of date" commit together; the outbox does the sending. */
  const changing = (cycleId: number, change: () => Promise<unknown>) =>
    deps.db.transaction(async () => {
      await change();
      await messages.refresh(cycleId);
    });
  const refresh = (cycleId: number) => messages.refresh(cycleId);

  const tell = async (body: BlockAction, text: string) =>
    writes.ephemeral({ channel: body.channel?.id ?? '', user: body.user.id, text });

  app.action<BlockAction<CheckboxesAction>>(MAINT_TOGGLE, async ({ ack, body, action }) => {
    const ids = parseMaintBlockId(action.block_id);
    const before = shownSelection(body.message, action.block_id, MAINT_TOGGLE);
    let error: unknown;
    try {
      if (ids && before) {
        const after = new Set(
          action.selected_options.map((o) => String(o.value)).filter((v) => v === ids.itemId),
        );
        await changing(ids.cycleId, () =>
          maintenance.toggle(
            ids.cycleId,
            body.user.id,
            {
              ticked: [...after].filter((v) => !before.has(v)),
              unticked: [...before].filter((v) => !after.has(v)),
            },
            'block_action',
          ),
        );
      } else
        logger.warn({ blockId: action.block_id }, 'maintenance toggle without a rendered message; ignored');
    } catch (e) {
      error = e;
    }
    await ack();
    if (error) await tell(body, replyText(error));
    // Always re-render: a stale or refused click must snap the user's view back to the stored state.
    if (ids) await refresh(ids.cycleId);
  });

  app.action<BlockAction<UsersSelectAction>>(MAINT_OWNER, async ({ ack, body, action }) => {
    await ack();
    const ids = parseMaintBlockId(action.block_id);
    if (!ids) return;
    try {
      await changing(ids.cycleId, () =>
        maintenance.assignOwner(
          ids.cycleId,
          ids.itemId,
          action.selected_user ?? null,
          body.user.id,
          'block_action',
        ),
      );
    } catch (e) {
      await tell(body, replyText(e));
    }
    await refresh(ids.cycleId);
  });

  app.action<BlockAction<OverflowAction>>(MAINT_NA, async ({ ack, body, action, client }) => {
    await ack();
    const ids = parseMaintBlockId(action.block_id);
    if (!ids) return;
    if (action.selected_option.value === 'clear') {
      try {
        await changing(ids.cycleId, () =>
          maintenance.setNotApplicable(ids.cycleId, ids.itemId, body.user.id, null, 'block_action'),
        );
      } catch (e) {
        await tell(body, replyText(e));
      }
      await refresh(ids.cycleId);
      return;
    }
    const text = checklist.maintenance.items.find((i) => i.id === ids.itemId)?.text ?? ids.itemId;
    await client.views
      .open({ trigger_id: body.trigger_id, view: renderNaModal(ids, text) })
      .catch((e) => logger.warn({ error: (e as Error).message }, 'views.open failed'));
  });

  app.view(MAINT_NA_MODAL, async ({ ack, body, view }) => {
    const meta = parseMetadata(naModalMeta, view.private_metadata);
    if (!meta) {
      await ack();
      return;
    }
    const reason = view.state.values.reason?.reason?.value ?? '';
    if (!reason.trim()) {
      await ack({ response_action: 'errors', errors: { reason: 'A reason is required.' } });
      return;
    }
    try {
      await changing(meta.cycleId, () =>
        maintenance.setNotApplicable(meta.cycleId, meta.itemId, body.user.id, reason, 'view_submission'),
      );
      await ack();
    } catch (e) {
      await ack({
        response_action: 'errors',
        errors: { reason: (fieldErrorText(e) ?? replyText(e)).slice(0, 150) },
      });
      return;
    }
    await refresh(meta.cycleId);
  });

  app.action<BlockAction<ButtonAction>>(MAINT_RUN, async ({ ack, body, respond }) => {
    await ack();
    try {
      const snap = await runMaintenanceNow(deps, {
        userId: body.user.id,
        isAdmin: await isAdmin(body.user.id),
        via: 'block_action',
      });
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: `:white_check_mark: Posted a maintenance cycle in <#${snap.cycle.channelId}>.`,
      });
    } catch (e) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: replyText(e) });
    }
  });

  /** For FeatureHooks.maintenance (same as createMaintenanceCommand). */
  return createMaintenanceCommand(input, isAdmin);
}
