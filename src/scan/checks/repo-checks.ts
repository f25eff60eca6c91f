import type { ScanCheck } from '../types.js';

/** The repo checks, in the order the report lists them. */
export const REPO_CHECKS: readonly ScanCheck[] = [];
