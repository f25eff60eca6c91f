import type { ScanRunRow } from '../db/repos/scan-run-repo.js';
import type { ScanRunView } from './scan-schemas.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** What POST /releases/{id}/scans answers: the stored run and what it changed on the checklist. */
export const scanRunView = (r: ScanRunRow): ScanRunView => ({
  id: r.id,
  releaseId: r.releaseId,
  commit: r.commit,
  appRoot: r.appRoot,
  submittedBy: r.submittedBy,
  startedAt: iso(r.startedAt),
  receivedAt: iso(r.receivedAt),
  summary: { pass: r.pass, warn: r.warn, fail: r.fail, unknown: r.unknown },
  effects: r.effects,
});
