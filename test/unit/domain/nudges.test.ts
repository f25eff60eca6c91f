import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadChecklist } from '../../../src/checklist/checklist.js';
import { createManualClock } from '../../../src/clock.js';
import { parseFileConfig } from '../../../src/config.js';
import { createHomeRepo } from '../../../src/db/repos/home-repo.js';
import { createReleaseRepo } from '../../../src/db/repos/release-repo.js';
import { nudgesSent } from '../../../src/db/schema.js';
import { createNudges, type NudgeNotices } from '../../../src/domain/nudges.js';
import { createReleaseService } from '../../../src/domain/release-service.js';
import { createLogger } from '../../../src/logger.js';
import { createTestDatabase } from '../../helpers/db.js';

const checklist = loadChecklist(resolve('test/fixtures/mini-checklist.yml'));
const config = { file: parseFileConfig('approvers: { sections: { security: [USEC] } }') };
const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

describe('nudges (real SQLite)', () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeEach(async () => {
    t = await createTestDatabase();
  });
  afterEach(() => t.cleanup());

  it('claims its nudges in a transaction of its own, not in whatever transaction is open when it runs', async () => {
    const sent: Parameters<NudgeNotices['nudge']>[0][] = [];
    const clock = createManualClock(Date.UTC(2026, 0, 5, 10));
    const nudges = createNudges({
      ...{ db: t.db, checklist, config, clock, logger: createLogger({ level: 'silent' }) },
      homeRepo: createHomeRepo(t.db),
      releaseRepo: createReleaseRepo(t.db),
      authorizer: {
        isAllowed: async (user, principals) => principals.includes(user),
        members: async (principals) => [...principals],
      },
      notices: { nudge: async (n) => void sent.push(n) },
    });
    const service = createReleaseService({
      ...{ db: t.db, clock, checklist, config },
      authorizer: { isAllowed: async () => true },
      // The change's transaction asks for the evaluation, as the release threads do in the bot.
      changes: { opened: async () => {}, changed: async (id) => nudges.changed(id) },
    });
    const { release } = await service.open({
      ...{ service: 'api', version: '1', env: 'production', channelId: 'C1' },
      ...{ userId: 'UOWNER', via: 'cli' },
    });
    await service.toggle(
      release.id,
      'UALICE',
      { ticked: ['security.tls.valid', 'security.tls.redirect'], unticked: [] },
      'cli',
    );
    // Another request's transaction is open when the evaluation runs, and rolls back.
    let inside!: () => void;
    const opened = new Promise<void>((r) => {
      inside = r;
    });
    let finish!: () => void;
    const finished = new Promise<void>((r) => {
      finish = r;
    });
    const other = t.db.transaction(async () => {
      inside();
      await finished;
      throw new Error('the other request failed');
    });
    await opened;
    await turns(5);
    finish();
    await expect(other).rejects.toThrow('the other request failed');
    await nudges.settled();

    expect(sent).toEqual([{ releaseId: release.id, about: 'section:security', users: ['USEC'] }]);
    expect(await t.db.select().from(nudgesSent).all()).toMatchObject([
      { releaseId: release.id, userId: 'USEC', about: 'section:security' },
    ]);
  });
});
