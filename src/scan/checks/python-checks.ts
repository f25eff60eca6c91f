import type { ScanCheck } from '../types.js';

/** The python checks, in the order the report lists them. */
export const PYTHON_CHECKS: readonly ScanCheck[] = [];
