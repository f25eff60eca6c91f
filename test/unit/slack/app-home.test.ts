import { afterEach, describe, expect, it } from 'vitest';
import { loadChecklist } from '../../../src/checklist/checklist.js';
import { systemClock } from '../../../src/clock.js';
import { loadConfig } from '../../../src/config.js';
import { openDatabase } from '../../../src/db/client.js';
import { createHomeRepo } from '../../../src/db/repos/home-repo.js';
import { createOutboxRepo } from '../../../src/db/repos/outbox-repo.js';
import { createReleaseRepo } from '../../../src/db/repos/release-repo.js';
import { createAppHome, HOME_PUBLISH } from '../../../src/slack/app-home.js';
import { createTestDatabase } from '../../helpers/db.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../../helpers/slack-harness.js';

// The releases every Home shows are read once for the many Homes rendered after a change: a Home rendered
// after a further change must still show it, whichever connection made it.
describe('App Home renderer', () => {
  let t: ReturnType<typeof createTestDatabase>;
  afterEach(() => t.cleanup());

  const setup = () => {
    t = createTestDatabase();
    const config = loadConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET });
    const outbox = createOutboxRepo(t.db);
    const home = createAppHome({
      db: t.db,
      homeRepo: createHomeRepo(t.db),
      releaseRepo: createReleaseRepo(t.db),
      outbox,
      checklist: loadChecklist(config.checklistPath),
      config,
      clock: systemClock,
    });
    const shown = (userId: string) => JSON.stringify(home.renderers[HOME_PUBLISH]!.render(userId) ?? null);
    return { outbox, shown };
  };
  const open = (db: typeof t.db, service: string) =>
    createReleaseRepo(db).insert(
      {
        id: `r-${service}`,
        service,
        version: '1.0.0',
        env: 'production',
        channelId: 'C1',
        createdBy: 'U9',
        checklistHash: 'h',
        createdAt: Date.now(),
      },
      'test',
    );

  it('shows a release opened after the last render once the change has enqueued its Slack writes', () => {
    const { outbox, shown } = setup();
    expect(shown('U1')).not.toContain('svc-late');
    open(t.db, 'svc-late');
    outbox.enqueue({ key: 'release:r-svc-late/parent:post', kind: 'post', channel: 'C1', renderer: 'x' });
    expect(shown('U2')).toContain('svc-late');
  });

  it('shows a release another process opened after the last render', () => {
    const { shown } = setup();
    expect(shown('U1')).not.toContain('svc-other');
    const other = openDatabase(t.path, { migrate: false });
    try {
      open(other.db, 'svc-other');
    } finally {
      other.close();
    }
    expect(shown('U2')).toContain('svc-other');
  });
});
