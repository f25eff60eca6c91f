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
// after a further change must still show it, whichever connection made it, and even when that change
// committed while an earlier render was reading.
describe('App Home renderer', () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  afterEach(() => t.cleanup());

  /** `ownChangesOnly`: the version of other connections' commits never moves (only enqueues tell). */
  const setup = async (o: { ownChangesOnly?: boolean } = {}) => {
    t = await createTestDatabase();
    const config = loadConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET });
    const outbox = createOutboxRepo(t.db);
    const homeRepo = createHomeRepo(t.db);
    /** Runs once, while the next render reads the releases every Home shows (after that query). */
    let pending: (() => Promise<void>) | undefined;
    const home = createAppHome({
      db: t.db,
      homeRepo: {
        ...homeRepo,
        ...(o.ownChangesOnly ? { othersVersion: async () => 0 } : {}),
        async active() {
          const rows = await homeRepo.active();
          const change = pending;
          pending = undefined;
          await change?.();
          return rows;
        },
      },
      releaseRepo: createReleaseRepo(t.db),
      outbox,
      checklist: loadChecklist(config.checklistPath),
      config,
      clock: systemClock,
    });
    const shown = async (userId: string) =>
      JSON.stringify((await home.renderers[HOME_PUBLISH]!.render(userId)) ?? null);
    const whileReading = (change: () => Promise<void>) => {
      pending = change;
    };
    return { outbox, shown, whileReading };
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

  it('shows a release opened after the last render once the change has enqueued its Slack writes', async () => {
    const { outbox, shown } = await setup();
    expect(await shown('U1')).not.toContain('svc-late');
    await open(t.db, 'svc-late');
    await outbox.enqueue({
      key: 'release:r-svc-late/parent:post',
      kind: 'post',
      channel: 'C1',
      renderer: 'x',
    });
    expect(await shown('U2')).toContain('svc-late');
  });

  it('does not keep what it read while a change was committed', async () => {
    const { outbox, shown, whileReading } = await setup({ ownChangesOnly: true });
    whileReading(async () => {
      await open(t.db, 'svc-during');
      await outbox.enqueue({
        key: 'release:r-svc-during/parent:post',
        kind: 'post',
        channel: 'C1',
        renderer: 'x',
      });
    });
    expect(await shown('U1')).not.toContain('svc-during');
    expect(await shown('U2')).toContain('svc-during');
  });

  it('shows a release another process opened after the last render', async () => {
    const { shown } = await setup();
    expect(await shown('U1')).not.toContain('svc-other');
    const other = await openDatabase(t.target, { migrate: false });
    try {
      await open(other.db, 'svc-other');
    } finally {
      await other.close();
    }
    expect(await shown('U2')).toContain('svc-other');
  });
});
