import type { ScanCheck } from '../types.js';
import { alertRulesCheck } from './alert-rules.js';
import { dependencyAuditCheck } from './dependency-audit.js';
import { envFileCheck } from './env-file.js';
import { hardcodedSecretsCheck } from './hardcoded-secrets.js';
import { loadTestsCheck } from './load-tests.js';
import {
  runbookCommonErrorsCheck,
  runbookDatabaseCheck,
  runbookRollbackCheck,
  runbookScalingCheck,
} from './runbook.js';

/** The repo checks, in the order the report lists them. */
export const REPO_CHECKS: readonly ScanCheck[] = [
  envFileCheck,
  hardcodedSecretsCheck,
  dependencyAuditCheck,
  loadTestsCheck,
  runbookCommonErrorsCheck,
  runbookDatabaseCheck,
  runbookScalingCheck,
  runbookRollbackCheck,
  alertRulesCheck,
];
