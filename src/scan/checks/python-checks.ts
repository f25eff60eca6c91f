import type { ScanCheck } from '../types.js';
import { connectTimeout } from './connect-timeout.js';
import { cors } from './cors.js';
import { debugMode } from './debug-mode.js';
import { jwtExpiry } from './jwt-expiry.js';
import { maxOverflow } from './max-overflow.js';
import { passwordHashing } from './password-hashing.js';
import { poolPrePing } from './pool-pre-ping.js';
import { poolSize } from './pool-size.js';
import { secretKey } from './secret-key.js';

/** The python checks, in the order the report lists them. */
export const PYTHON_CHECKS: readonly ScanCheck[] = [
  secretKey,
  cors,
  passwordHashing,
  jwtExpiry,
  poolSize,
  maxOverflow,
  poolPrePing,
  connectTimeout,
  debugMode,
];
