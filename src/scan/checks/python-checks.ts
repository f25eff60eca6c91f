import type { SyncScanCheck } from '../types.js';
import { alembic } from './alembic.js';
import { alembicDowngrade } from './alembic-downgrade.js';
import { connectTimeout } from './connect-timeout.js';
import { cors } from './cors.js';
import { databaseUrl } from './database-url.js';
import { dbCleanup } from './db-cleanup.js';
import { debugMode } from './debug-mode.js';
import { errorTracking } from './error-tracking.js';
import { exceptionHandlers } from './exception-handlers.js';
import { filteredColumnsIndexed } from './filtered-columns-indexed.js';
import { foreignKeyIndexes } from './foreign-key-indexes.js';
import { gzip } from './gzip.js';
import { healthEndpoint } from './health-endpoint.js';
import { httpClientTimeouts } from './http-client-timeouts.js';
import { jwtExpiry } from './jwt-expiry.js';
import { lifespanShutdown } from './lifespan-shutdown.js';
import { logDestination } from './log-destination.js';
import { logLevel } from './log-level.js';
import { logRotation } from './log-rotation.js';
import { maxOverflow } from './max-overflow.js';
import { metrics } from './metrics.js';
import { passwordHashing } from './password-hashing.js';
import { poolPrePing } from './pool-pre-ping.js';
import { poolSize } from './pool-size.js';
import { rawSql } from './raw-sql.js';
import { readyEndpoint } from './ready-endpoint.js';
import { requestId } from './request-id.js';
import { secretKey } from './secret-key.js';
import { sensitiveLogging } from './sensitive-logging.js';
import { uniqueConstraints } from './unique-constraints.js';

/** The python checks, in the order the report lists them. */
export const PYTHON_CHECKS: readonly SyncScanCheck[] = [
  secretKey,
  cors,
  passwordHashing,
  jwtExpiry,
  databaseUrl,
  poolSize,
  maxOverflow,
  poolPrePing,
  connectTimeout,
  alembic,
  alembicDowngrade,
  foreignKeyIndexes,
  filteredColumnsIndexed,
  uniqueConstraints,
  logLevel,
  logDestination,
  logRotation,
  sensitiveLogging,
  metrics,
  errorTracking,
  healthEndpoint,
  readyEndpoint,
  gzip,
  httpClientTimeouts,
  debugMode,
  exceptionHandlers,
  requestId,
  rawSql,
  dbCleanup,
  lifespanShutdown,
];
