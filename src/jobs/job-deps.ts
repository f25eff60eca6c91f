import type { Checklist } from '../checklist/checklist.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { MaintenanceService } from '../domain/maintenance.js';
import type { Logger } from '../logger.js';
import type { JobNotices } from './job-notices.js';

/** What the maintenance jobs need; main.ts builds it once, tests pass a manual clock. */
export interface JobDeps {
  db: Db;
  clock: Clock;
  notices: JobNotices;
  config: Pick<Config, 'file'>;
  checklist: Checklist;
  logger: Logger;
  maintenance: MaintenanceService;
}
