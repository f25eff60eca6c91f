import type { ScanCheck } from '../types.js';
import { dockerBaseImage } from './docker-base-image.js';
import { dockerMultiStage } from './docker-multi-stage.js';
import { dockerUser } from './docker-user.js';
import { dockerignore } from './dockerignore.js';
import { execFormCmd } from './exec-form-cmd.js';
import { serverTimeouts } from './server-timeouts.js';
import { workers } from './workers.js';

/** The container checks, in the order the report lists them. */
export const CONTAINER_CHECKS: readonly ScanCheck[] = [
  dockerBaseImage,
  dockerMultiStage,
  dockerUser,
  dockerignore,
  execFormCmd,
  workers,
  serverTimeouts,
];
