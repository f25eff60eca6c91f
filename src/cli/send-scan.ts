import type { ScanRunView } from '../api/scan-schemas.js';
import { fitScanReport } from '../model/fit-scan-report.js';
import type { ScanReport } from '../model/scan-report.js';
import type { ApiClient } from './api-client.js';

/**
 * Sends a finished scan to a release through the pipeline API (trimmed to the API's limits first) and says
 * what it changed on the checklist. API errors are the caller's to map to an exit code.
 */
export async function sendScan(
  api: Pick<ApiClient, 'scan'>,
  releaseId: string,
  report: ScanReport,
  out: (line: string) => void,
): Promise<ScanRunView> {
  const run = await api.scan(releaseId, fitScanReport(report));
  const { ticked, failing, flagged } = run.effects;
  out(
    `Scan #${run.id}${run.commit ? ` at ${run.commit.slice(0, 7)}` : ''} sent to release ${releaseId}: ` +
      `${ticked.length} item(s) verified by scan, ${failing.length} marked failing, ` +
      `${flagged.length} with warnings left to people.`,
  );
  for (const id of failing)
    out(`  failing: ${id} (blocks approval until a new scan passes or an approver overrides it)`);
  return run;
}
