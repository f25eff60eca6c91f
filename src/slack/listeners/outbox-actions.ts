import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { AppDeps } from '../deps.js';
import { POST_THREAD_ACTION } from '../outbox/not-in-channel-hint.js';

/**
 * Writes parked because the bot was not in a channel go out when it joins (`member_joined_channel` for the
 * bot user), or when someone presses "Post thread" on the hint after inviting it.
 */
export function registerOutboxActions(app: App, deps: Pick<AppDeps, 'outbox' | 'logger'>) {
  app.event('member_joined_channel', async ({ event, context }) => {
    if (!context.botUserId || event.user !== context.botUserId) return;
    const n = await deps.outbox.unblock(event.channel);
    if (n)
      deps.logger.info({ channel: event.channel, rows: n }, 'joined a channel: posting what was waiting');
  });

  app.action<BlockAction<ButtonAction>>(POST_THREAD_ACTION, async ({ ack, action }) => {
    // Acked after the rows are released (one UPDATE), as every change is acked after its commit. If the bot
    // is still not in the channel, the first post fails again and the person gets a fresh hint.
    if (action.value) await deps.outbox.unblock(action.value);
    await ack();
  });
}
