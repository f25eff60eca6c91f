import { defaultChecklist } from '../../../src/checklist/checklist.js';
import { type Clock, createManualClock } from '../../../src/clock.js';
import { fileConfigSchema } from '../../../src/config.js';
import type { Db } from '../../../src/db/client.js';
import { createOutboxRepo } from '../../../src/db/repos/outbox-repo.js';
import { createWatchStore } from '../../../src/db/repos/watch-repo.js';
import { approvals, releases } from '../../../src/db/schema.js';
import { createWatchService } from '../../../src/domain/watch-service.js';
import { createLogger } from '../../../src/logger.js';
import type { SampleFigures } from '../../../src/monitor/detector.js';
import { createWatchNotices } from '../../../src/slack/notices/watch-notices.js';
import { createOutboxDispatcher } from '../../../src/slack/outbox/dispatcher.js';
import { createPosterWriter } from '../../helpers/poster-writer.js';
import { FAST_PACING } from '../../helpers/slack-harness.js';
import { createRecordingPoster } from './recording-poster.js';

export const CHANNEL = 'C0THREAD1';
export const SERVICE_CHANNEL = 'C0SERVICE';
export const THREAD = '1699999999.000100';
export const OWNER = 'UOWNER01';
export const APPROVERS = ['UAPPROVE1', 'UAPPROVE2'];
export const TOKEN = 'alertmanager-test-token-0123456789';

export async function seedRelease(db: Db, at: number, id = 'rel-1', service = 'api') {
  await db
    .insert(releases)
    .values({
      id,
      service,
      version: 'v2.4.0',
      env: 'production',
      channelId: CHANNEL,
      threadTs: THREAD,
      createdBy: OWNER,
      status: 'deployed',
      checklistHash: 'test',
      createdAt: at,
      updatedAt: at,
      deployedAt: at,
      deployedBy: OWNER,
    })
    .run();
  for (const [i, userId] of APPROVERS.entries())
    await db
      .insert(approvals)
      .values({ releaseId: id, userId, at: at + i })
      .run();
  return id;
}

export function configWith(services: Record<string, unknown>[]) {
  return {
    file: fileConfigSchema.parse({ defaultChannel: 'C0DEFAULT', services, alertmanager: { token: TOKEN } }),
  };
}

/**
 * A watch service over a real SQLite file, a manual clock, and a real outbox and dispatcher that deliver to
 * a recording poster.
 */
export function createHarness<C extends Clock = ReturnType<typeof createManualClock>>(
  db: Db,
  config: ReturnType<typeof configWith>,
  clock: C = createManualClock() as Clock as C,
) {
  const slack = createRecordingPoster();
  const changed: string[] = [];
  /** Every sample the watch took, with its own figures. */
  const samples: { result: string; figures: SampleFigures | undefined }[] = [];
  const logger = createLogger({ level: 'silent' });
  const outboxRepo = createOutboxRepo(db);
  const notices = createWatchNotices({
    store: createWatchStore(db),
    checklist: defaultChecklist(),
    outbox: outboxRepo,
    permalink: slack.poster.permalink,
  });
  const outbox = createOutboxDispatcher({
    repo: outboxRepo,
    writer: createPosterWriter(slack.poster),
    renderers: notices.renderers,
    logger,
    pacing: FAST_PACING,
    retryBaseMs: 10,
  });
  outbox.start();
  const make = () =>
    createWatchService({
      db,
      clock,
      notices,
      config,
      checklist: defaultChecklist(),
      logger,
      onReleaseChanged: async (id) => {
        changed.push(id);
      },
      onSample: (result, figures) => samples.push({ result, figures }),
    });
  const service = make();
  return {
    clock,
    slack,
    changed,
    samples,
    service,
    make,
    /** Manual clock only: lets the sample due now run, then advances `ms` at a time `times` times, waiting for each sample. */
    async step(ms: number, times = 1) {
      for (let i = 0; i < times; i++) {
        await (clock as { advance?(ms: number): Promise<void> }).advance?.(ms);
        await service.settled();
        await outbox.idle(2_000);
      }
    },
    /** Waits until the outbox has sent what is queued (or is retrying it). */
    settle: () => outbox.idle(2_000),
    /** The "process" stops: no more samples, no more sending (what is queued stays in the database). */
    async stop() {
      await service.stop();
      await outbox.stop();
    },
  };
}

/** The harness on a manual clock (the default). */
export type WatchHarness = ReturnType<typeof createHarness<ReturnType<typeof createManualClock>>>;
