import type { App, BlockAction, ButtonAction, CheckboxesAction, StaticSelectAction } from '@slack/bolt';
import type { WatchService } from '../../domain/watch-service.js';
import { isAppError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import {
  SNOOZE_MINUTES,
  WATCH_ACK,
  WATCH_FALSE_ALARM,
  WATCH_PLAN,
  WATCH_ROLLED_BACK,
  WATCH_SNOOZE,
} from '../blocks/watch-reminder.js';
import { replyText } from '../error-reply.js';
import { shownSelection } from '../payloads.js';

export interface WatchActionDeps {
  watchService: Pick<WatchService, 'decide' | 'tickPlan'>;
  logger: Logger;
}

const watchIdOf = (value: string | undefined) => {
  const id = Number.parseInt(value ?? '', 10);
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
};

/** Reminder buttons and rollback-plan checkboxes. Each acks first, then records the decision. */
export function registerWatchActions(app: App, deps: WatchActionDeps): void {
  const { watchService, logger } = deps;

  const tell = async (e: unknown, respond: (m: object) => Promise<unknown>) => {
    if (!isAppError(e)) logger.error({ err: e }, 'watch action failed');
    const text = replyText(e);
    await respond({ response_type: 'ephemeral', replace_original: false, text }).catch(() => undefined);
  };

  const button = (actionId: string, decision: 'acknowledged' | 'rolled_back' | 'false_alarm') =>
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, respond }) => {
      await ack();
      const id = watchIdOf(action.value);
      if (!id) return;
      await watchService.decide(id, decision, body.user.id, 'block_action').catch((e) => tell(e, respond));
    });
  button(WATCH_ACK, 'acknowledged');
  button(WATCH_ROLLED_BACK, 'rolled_back');
  button(WATCH_FALSE_ALARM, 'false_alarm');

  app.action<BlockAction<StaticSelectAction>>(WATCH_SNOOZE, async ({ ack, body, action, respond }) => {
    await ack();
    const [rawId, rawMinutes] = action.selected_option.value.split(':');
    const id = watchIdOf(rawId);
    const minutes = SNOOZE_MINUTES.find((m) => String(m) === rawMinutes);
    if (!id || !minutes) return;
    await watchService
      .decide(id, { snoozeMinutes: minutes }, body.user.id, 'block_action')
      .catch((e) => tell(e, respond));
  });

  app.action<BlockAction<CheckboxesAction>>(WATCH_PLAN, async ({ ack, body, action, respond }) => {
    await ack();
    const id = watchIdOf(/^watch:plan:(\d+):/.exec(action.block_id)?.[1]);
    if (!id) return;
    const before = shownSelection(body.message, action.block_id, WATCH_PLAN) ?? new Set<string>();
    const after = new Set(action.selected_options.map((o) => String(o.value)));
    try {
      for (const v of after)
        if (!before.has(v)) await watchService.tickPlan(id, v, true, body.user.id, 'block_action');
      for (const v of before)
        if (!after.has(v)) await watchService.tickPlan(id, v, false, body.user.id, 'block_action');
    } catch (e) {
      await tell(e, respond);
    }
  });
}
