import type { App, BlockAction, CheckboxesAction, OverflowAction } from '@slack/bolt';
import { isAppError } from '../../errors.js';
import { type ItemModalMeta, itemModalMeta, renderItemModal } from '../blocks/item-modal.js';
import { parseGroupBlockId } from '../blocks/release-section.js';
import type { AppDeps } from '../deps.js';
import { fieldErrorText, replyText } from '../error-reply.js';
import { nextTurn } from '../next-turn.js';
import { parseMessage, parseMetadata, shownSelection } from '../payloads.js';

export function registerItemActions(app: App, deps: AppDeps) {
  const { releases, threads, writes, checklist, logger } = deps;

  app.action<BlockAction<CheckboxesAction>>('item_toggle', async ({ ack, body, action }) => {
    // The tick is committed before the ack (one short transaction), so a crash right after Slack got its 200
    // cannot lose a click the user saw accepted. Slack writes come after.
    let outcome:
      | { sectionId: string; releaseId: string; refused: string[]; changed: boolean }
      | { error: unknown }
      | undefined;
    try {
      outcome = await applyToggle(body, action);
    } catch (e) {
      // Not a refusal but a failure (the database away): no 200, so Slack tells the person the click did not go
      // through instead of leaving a tick on their screen that nobody stored.
      if (!isAppError(e)) throw e;
      outcome = { error: e };
    }
    await ack();
    if (!outcome) return;
    await nextTurn();
    const channel = body.channel?.id ?? '';
    const threadTs = parseMessage(body.message)?.thread_ts;
    if ('error' in outcome) {
      await writes.ephemeral({ channel, user: body.user.id, threadTs, text: replyText(outcome.error) });
      const ids = parseGroupBlockId(action.block_id);
      if (ids) await threads.refresh(ids.releaseId);
      return;
    }
    if (outcome.refused.length)
      await writes.ephemeral({
        channel,
        user: body.user.id,
        threadTs,
        text: `:x: A machine check (probe, scan or watch) reports ${outcome.refused.map((t) => `“${t}”`).join(', ')} failing. Run it again once fixed, or ask an approver to override it with a reason (⋯ menu).`,
      });
    // A click that changed nothing (refused, or stale) must still snap the user's view back to the stored
    // state; a change already marked its messages in its own transaction.
    if (!outcome.changed) await threads.refresh(outcome.releaseId, [outcome.sectionId]);
  });

  async function applyToggle(body: BlockAction<CheckboxesAction>, action: CheckboxesAction) {
    const ids = parseGroupBlockId(action.block_id);
    if (!ids || !body.channel?.id) return undefined;
    const section = checklist.allSections[ids.sectionIdx];
    const group = section?.groups[ids.groupIdx];
    if (!section || !group) return undefined;
    const before = shownSelection(body.message, action.block_id, action.action_id);
    // Without the user's view we cannot tell what they changed; refusing is safer than overwriting others.
    if (!before) {
      logger.warn({ blockId: action.block_id }, 'checkbox action without the rendered message; ignored');
      return undefined;
    }
    const allowed = new Set(group.items.map((i) => i.id));
    const after = new Set(action.selected_options.map((o) => String(o.value)).filter((v) => allowed.has(v)));
    const ticked = [...after].filter((v) => !before.has(v));
    const unticked = [...before].filter((v) => allowed.has(v) && !after.has(v));
    await releases.repo.rememberName(
      body.user.id,
      body.user.name ?? body.user.username ?? undefined,
      deps.clock.now(),
    );
    const r = await releases.toggle(ids.releaseId, body.user.id, { ticked, unticked }, 'block_action');
    return {
      sectionId: section.id,
      releaseId: ids.releaseId,
      refused: r.refused,
      changed: r.changedSections.length > 0,
    };
  }

  app.action<BlockAction<OverflowAction>>('item_menu', async ({ ack, body, action, client }) => {
    await ack();
    const [rawMode, releaseId = '', si, gi] = String(action.selected_option.value).split('|');
    const mode = itemModalMeta.shape.mode.safeParse(rawMode);
    const group = checklist.allSections[Number(si)]?.groups[Number(gi)];
    const snap = await releases.repo.snapshot(releaseId);
    if (!mode.success || !group || !snap) return;
    const meta: ItemModalMeta = {
      releaseId,
      mode: mode.data,
      channel: body.channel?.id ?? snap.release.channelId,
      threadTs: snap.release.threadTs ?? undefined,
    };
    const view = renderItemModal(group, snap.items, meta);
    if (!view) {
      await writes.ephemeral({
        channel: meta.channel,
        user: body.user.id,
        text: 'Nothing in this group to change that way.',
      });
      return;
    }
    await client.views
      .open({ trigger_id: body.trigger_id, view })
      .catch((e) => logger.warn({ error: (e as Error).message }, 'views.open failed'));
  });

  app.view('item_modal', async ({ ack, body, view }) => {
    const meta = parseMetadata(itemModalMeta, view.private_metadata);
    if (!meta) {
      logger.warn(
        { callbackId: view.callback_id },
        'item modal with metadata this bot did not write; ignored',
      );
      await ack();
      return;
    }
    const itemId = view.state.values.item?.value?.selected_option?.value;
    const reason = view.state.values.reason?.value?.value ?? '';
    const user = body.user.id;
    await releases.repo.rememberName(user, body.user.name, deps.clock.now());
    if (!itemId) {
      await ack({ response_action: 'errors', errors: { item: 'Pick an item.' } });
      return;
    }
    if (meta.mode !== 'clear' && !reason.trim()) {
      await ack({ response_action: 'errors', errors: { reason: 'A reason is required.' } });
      return;
    }
    try {
      const sectionId =
        meta.mode === 'override'
          ? await releases.overrideFailing(meta.releaseId, itemId, user, reason, 'view_submission')
          : await releases.setNotApplicable(
              meta.releaseId,
              itemId,
              user,
              meta.mode === 'clear' ? null : reason,
              'view_submission',
            );
      await ack();
      await threads.refresh(meta.releaseId, [sectionId]);
    } catch (e) {
      const field = fieldErrorText(e);
      if (field) {
        await ack({
          response_action: 'errors',
          errors: { [meta.mode === 'clear' ? 'item' : 'reason']: field },
        });
        return;
      }
      await ack();
      logger.error({ err: e }, 'item modal failed');
    }
  });
}
