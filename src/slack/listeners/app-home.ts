import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { Config } from '../../config.js';
import type { HomeRepo } from '../../db/repos/home-repo.js';
import { configuredGroups } from '../../domain/app-home.js';
import type { AppHome } from '../app-home.js';
import { HOME_APPROVE, HOME_OPEN } from '../blocks/app-home.js';
import type { AppDeps } from '../deps.js';
import { approveRelease, describeRefusal } from './approve-release.js';

export interface AppHomeListenerDeps
  extends Pick<AppDeps, 'db' | 'clock' | 'authorizer' | 'releases' | 'threads' | 'writes' | 'logger'> {
  config: Pick<Config, 'file'>;
  home: AppHome;
  homeRepo: HomeRepo;
}

/**
 * `app_home_opened` publishes the person's Home (through the outbox); Approve on it goes through the same
 * path as Approve in the thread, and its answer shows at the top of the Home (there is no channel for an
 * ephemeral there).
 */
export function registerAppHome(app: App, deps: AppHomeListenerDeps) {
  const { db, clock, config, authorizer, home, homeRepo, logger } = deps;

  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    // Group membership comes from Slack (cached by the authorizer); the Home renders without calling Slack.
    const groups: string[] = [];
    for (const g of configuredGroups(config)) if (await authorizer.isAllowed(event.user, [g])) groups.push(g);
    db.transaction(() => {
      homeRepo.recordOpen(event.user, groups, clock.now());
      homeRepo.setNotice(event.user, null, clock.now());
      home.refresh(event.user);
    });
  });

  app.action<BlockAction<ButtonAction>>(HOME_APPROVE, async ({ ack, body, action }) => {
    await ack();
    const userId = body.user.id;
    let notice: string | undefined;
    try {
      notice =
        (await approveRelease(deps, action.value ?? '', userId)) ??
        ':white_check_mark: Release approved. It can now be marked deployed in its thread.';
    } catch (e) {
      notice = describeRefusal(e);
    }
    logger.info({ releaseId: action.value, user: userId }, 'approve clicked on the App Home');
    db.transaction(() => {
      homeRepo.setNotice(userId, notice ?? null, clock.now());
      home.refresh(userId);
    });
  });

  // Url buttons open the thread in the client; Slack still sends the click, which only needs an ack.
  app.action(new RegExp(`^(${HOME_OPEN}|nudge:open):`), async ({ ack }) => {
    await ack();
  });
}
