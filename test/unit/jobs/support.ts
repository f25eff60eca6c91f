import { type Checklist, defaultChecklist } from '../../../src/checklist/checklist.js';
import { createManualClock } from '../../../src/clock.js';
import { parseFileConfig } from '../../../src/config.js';
import type { DatabaseHandle } from '../../../src/db/client.js';
import { createOutboxRepo } from '../../../src/db/repos/outbox-repo.js';
import { createMaintenanceService } from '../../../src/domain/maintenance.js';
import type { JobDeps } from '../../../src/jobs/job-deps.js';
import { createLogger } from '../../../src/logger.js';
import { createJobNotices } from '../../../src/slack/notices/job-notices.js';
import { createMaintenanceMessages } from '../../../src/slack/notices/maintenance-messages.js';
import { createOutboxDispatcher } from '../../../src/slack/outbox/dispatcher.js';
import { createOutboxWrites } from '../../../src/slack/outbox/outbox-writes.js';
import type { SlackPoster } from '../../../src/slack/ports.js';
import { createPosterWriter } from '../../helpers/poster-writer.js';
import { createRecordingPoster } from '../../helpers/recording-poster.js';
import { FAST_PACING } from '../../helpers/slack-harness.js';

export type { Recorded } from '../../helpers/recording-poster.js';
export { createRecordingPoster };

export const silentLogger = () => createLogger({ level: 'silent' });

/** Job dependencies over a real database, built from a YAML config as the bot would read it. */
export function jobDeps(
  handle: DatabaseHandle,
  yaml: string,
  opts: {
    start?: number;
    checklistItems?: number;
    poster?: SlackPoster;
    clock?: ReturnType<typeof createManualClock>;
  } = {},
) {
  const clock = opts.clock ?? createManualClock(opts.start ?? Date.UTC(2026, 0, 15, 12));
  const recorder = createRecordingPoster();
  const poster = opts.poster ?? recorder;
  const config = { file: parseFileConfig(yaml) };
  const checklist = opts.checklistItems ? checklistWith(opts.checklistItems) : defaultChecklist();
  const errors: string[] = [];
  const logger = silentLogger();
  const origError = logger.error.bind(logger);
  logger.error = ((obj: unknown, msg?: string) => {
    errors.push(String(msg ?? obj));
    return origError(obj as object, msg);
  }) as typeof logger.error;
  const maintenance = createMaintenanceService({ db: handle.db, clock, checklist, config });
  // Messages go through a real outbox and dispatcher, as in the bot; `settle()` waits for them.
  const outboxRepo = createOutboxRepo(handle.db);
  const messages = createMaintenanceMessages({ maintenance, checklist, outbox: outboxRepo });
  const notices = createJobNotices({ maintenance, messages, checklist, outbox: outboxRepo });
  const outbox = createOutboxDispatcher({
    repo: outboxRepo,
    writer: createPosterWriter(poster),
    renderers: { ...messages.renderers, ...notices.renderers },
    logger,
    pacing: FAST_PACING,
    retryBaseMs: 10,
  });
  outbox.start();
  const deps: JobDeps = { db: handle.db, clock, notices, config, checklist, logger, maintenance };
  return {
    deps,
    clock,
    /** What was sent to Slack (unless `opts.poster` replaced the recorder). */
    poster: recorder,
    errors,
    messages,
    writes: createOutboxWrites(outboxRepo),
    /** Waits until every queued Slack write was sent (or is waiting on a retry). */
    settle: () => outbox.idle(3_000),
    stop: () => outbox.stop(),
  };
}

/** The default checklist with `n` maintenance items (for block-limit tests). */
export function checklistWith(n: number): Checklist {
  const base = defaultChecklist();
  const items = Array.from({ length: n }, (_, i) => ({
    id: `monthly.item-${i}`,
    text: `Maintenance task number ${i}`,
  }));
  return { ...base, maintenance: { ...base.maintenance, items } };
}
