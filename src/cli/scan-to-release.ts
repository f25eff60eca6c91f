import type { ScanReport } from '../model/scan-report.js';
import { type ApiClient, ApiError, createApiClient } from './api-client.js';
import type { CliIo } from './probe-command.js';
import { sendScan } from './send-scan.js';

/**
 * `deploy-check scan DIR --release <id>`: the client is made before the scan (a missing DEPLOY_CHECK_URL
 * fails fast); after it, the report goes to the release. The exit code stays the scan's (0/1) when the
 * release took it, and is 2 when it did not (token, release unknown or no longer open, bot unreachable).
 */
export function scanReleaseTarget(releaseId: string | undefined, io: CliIo) {
  if (!releaseId) return undefined;
  const api: ApiClient = createApiClient(io.env);
  return async (report: ScanReport, scanCode: number, asText: boolean): Promise<number> => {
    // Beside --json or SARIF on stdout, the line about the release goes to stderr so stdout stays parseable.
    const out = (line: string) => (asText ? io.stdout : io.stderr).write(`${line}\n`);
    try {
      await sendScan(api, releaseId, report, out);
      return scanCode;
    } catch (e) {
      const why = e instanceof ApiError ? `${e.detail} (${e.status})` : (e as Error).message;
      io.stderr.write(`deploy-check scan: the scan was not sent to release ${releaseId}: ${why}\n`);
      return 2;
    }
  };
}
