import type { ScanCheck } from '../types.js';

/** The container checks, in the order the report lists them. */
export const CONTAINER_CHECKS: readonly ScanCheck[] = [];
