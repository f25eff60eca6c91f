import { type Checklist, defaultChecklist } from '../../../src/checklist/checklist.js';
import { createManualClock } from '../../../src/clock.js';
import { parseFileConfig } from '../../../src/config.js';
import type { DatabaseHandle } from '../../../src/db/client.js';
import { createMaintenanceService } from '../../../src/domain/maintenance.js';
import type { JobDeps } from '../../../src/jobs/job-deps.js';
import { createLogger } from '../../../src/logger.js';

import { createRecordingPoster } from '../../helpers/recording-poster.js';

export type { Recorded } from '../../helpers/recording-poster.js';
export { createRecordingPoster };

export const silentLogger = () => createLogger({ level: 'silent' });

/** Job dependencies over a real database, built from a YAML config as the bot would read it. */
export function jobDeps(
  handle: DatabaseHandle,
  yaml: string,
  opts: { start?: number; checklistItems?: number } = {},
) {
  const clock = createManualClock(opts.start ?? Date.UTC(2026, 0, 15, 12));
  const poster = createRecordingPoster();
  const config = { file: parseFileConfig(yaml) };
  const checklist = opts.checklistItems ? checklistWith(opts.checklistItems) : defaultChecklist();
  const errors: string[] = [];
  const logger = silentLogger();
  const origError = logger.error.bind(logger);
  logger.error = ((obj: unknown, msg?: string) => {
    errors.push(String(msg ?? obj));
    return origError(obj as object, msg);
  }) as typeof logger.error;
  const deps: JobDeps = {
    db: handle.db,
    clock,
    poster,
    config,
    checklist,
    logger,
    maintenance: createMaintenanceService({ db: handle.db, clock, checklist, config }),
  };
  return { deps, clock, poster, errors };
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
