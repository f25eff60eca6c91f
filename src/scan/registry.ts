import { CONTAINER_CHECKS } from './checks/container-checks.js';
import { PYTHON_CHECKS } from './checks/python-checks.js';
import { REPO_CHECKS } from './checks/repo-checks.js';
import type { ScanCheck } from './types.js';

/**
 * Every repository check by its stable id (`scan:<id>` in a checklist item's verifiedBy). Three groups by
 * what they read: the Python source; containers, orchestration, proxies and servers; the repository itself
 * (git, secrets, CI, docs).
 */
export const SCAN_CHECKS: readonly ScanCheck[] = [...REPO_CHECKS, ...PYTHON_CHECKS, ...CONTAINER_CHECKS];
