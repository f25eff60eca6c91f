// Seeds a bot's database (from outside its process) with Home visitors whose Home is current: the view the
// bot would render for each of them, hashed as the bot stores it after a views.publish.
import { join } from 'node:path';
import { loadChecklist } from '../src/checklist/checklist.js';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import type { Db } from '../src/db/client.js';
import { createHomeRepo } from '../src/db/repos/home-repo.js';
import { createOutboxRepo } from '../src/db/repos/outbox-repo.js';
import { createReleaseRepo } from '../src/db/repos/release-repo.js';
import { homeVisitors } from '../src/db/schema.js';
import { createAppHome, HOME_PUBLISH, homeViewHash } from '../src/slack/app-home.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../test/helpers/slack-harness.js';

export async function seedHomeVisitors(db: Db, dir: string, users: string[]): Promise<void> {
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    DEPLOY_CHECK_CONFIG: join(dir, 'c.yml'),
    DATABASE_PATH: join(dir, 'db.sqlite'),
  });
  const homeRepo = createHomeRepo(db);
  const home = createAppHome({
    db,
    homeRepo,
    releaseRepo: createReleaseRepo(db),
    outbox: createOutboxRepo(db),
    checklist: loadChecklist(config.checklistPath),
    config,
    clock: systemClock,
  });
  const now = Date.now();
  await db.transaction(async () => {
    for (const [i, userId] of users.entries()) {
      // Opened over the last ten days; their Home was last published a minute ago or more.
      const openedAt = now - 60_000 - i * 30 * 60_000;
      await db.insert(homeVisitors).values({ userId, openedAt, groups: [] }).onConflictDoNothing().run();
      const msg = (await home.renderers[HOME_PUBLISH]!.render(userId)) as { view: Record<string, unknown> };
      await homeRepo.published(userId, homeViewHash(msg.view), openedAt);
    }
  });
}
