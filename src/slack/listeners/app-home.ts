import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { configuredGroups } from '../../domain/app-home.js';
import { HOME_APPROVE, HOME_OPEN } from '../blocks/app-home.js';
import type { AppDeps } from '../deps.js';
import { replyText } from '../error-reply.js';
import { approveRelease } from './approve-release.js';

/**
 * `app_home_opened` publishes the person's Home (through the outbox); Approve on it goes through the same
 * path as Approve in the thread, and its answer shows at the top of the Home (there is no channel for an
 * ephemeral there).
 */
export function registerAppHome(
  app: App,
  deps: Pick<AppDeps, 'config' | 'authorizer' | 'releases' | 'threads' | 'writes' | 'logger' | 'appHome'>,
) {
  const { config, authorizer, appHome, logger } = deps;

  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    // Group membership comes from Slack (cached by the authorizer); the Home renders without calling Slack.
    const groups: string[] = [];
    for (const g of configuredGroups(config)) if (await authorizer.isAllowed(event.user, [g])) groups.push(g);
    await appHome.visited(event.user, groups);
  });

  app.action<BlockAction<ButtonAction>>(HOME_APPROVE, async ({ ack, body, action }) => {
    await ack();
    const userId = body.user.id;
    let notice: string;
    try {
      notice =
        (await approveRelease(deps, action.value ?? '', userId)) ??
        ':white_check_mark: Release approved. It can now be marked deployed in its thread.';
    } catch (e) {
      notice = replyText(e);
    }
    logger.info({ releaseId: action.value, user: userId }, 'approve clicked on the App Home');
    await appHome.answer(userId, notice);
  });

  // Url buttons open the thread in the client; Slack still sends the click, which only needs an ack.
  app.action(new RegExp(`^(${HOME_OPEN}|nudge:open):`), async ({ ack }) => {
    await ack();
  });
}
