import { parseArgs } from 'node:util';
import type { ReleaseView } from '../api/schemas.js';
import type { ScanReport } from '../model/scan-report.js';
import { isScanError } from '../scan/scan-error.js';
import { scanRepository } from '../scan/scan-repository.js';
import { ApiError, createApiClient } from './api-client.js';
import { parseDuration } from './duration.js';
import { pollRelease } from './poll.js';
import type { CliIo } from './probe-command.js';
import { sendScan } from './send-scan.js';
import { isUsageError, UsageError } from './usage-error.js';

export const GATE_USAGE = `Usage: deploy-check gate <service> <version> [--env production] [--timeout 2h] [--poll 10s]
       [--requested-by U123|login] [--run-url URL] [--changelog TEXT] [--scan DIR [--app-root PATH]]
Opens the release checklist in Slack (or finds the one already open), prints its thread link and waits.
--scan DIR scans the repository first and sends the result to the release (see deploy-check scan).
Needs DEPLOY_CHECK_URL and DEPLOY_CHECK_TOKEN.
Exit codes: 0 approved, 1 cancelled or a probe or scan check failed with no override, 2 usage or auth
error (or no FastAPI app in the --scan DIR), 3 timed out.`;

/** The exit code a release's state means for the pipeline, or undefined while it is still undecided. */
export function gateDecision(r: ReleaseView): number | undefined {
  if (r.status === 'approved' || r.status === 'deployed') return 0;
  if (r.status === 'cancelled' || r.status === 'rolled_back') return 1;
  if (r.failing.length) return 1;
  return undefined;
}

/** `deploy-check gate`: the pipeline waits here until the release is approved in Slack. */
export async function runGate(argv: string[], io: CliIo): Promise<number> {
  const out = (s: string) => io.stdout.write(`${s}\n`);
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        env: { type: 'string', default: 'production' },
        timeout: { type: 'string', default: '2h' },
        poll: { type: 'string', default: '10s' },
        'requested-by': { type: 'string' },
        'run-url': { type: 'string' },
        changelog: { type: 'string' },
        scan: { type: 'string' },
        'app-root': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      out(GATE_USAGE);
      return 0;
    }
    const [service, version, ...extra] = positionals;
    if (!service || !version || extra.length)
      throw new UsageError(`expected <service> <version>, got ${positionals.length} argument(s)`);
    const timeoutMs = parseDuration('--timeout', values.timeout);
    const pollMs = parseDuration('--poll', values.poll);
    if (values['app-root'] && !values.scan) throw new UsageError('--app-root goes with --scan DIR');
    const api = createApiClient(io.env);
    // Scanned before the release is opened: a folder with no app to scan opens nothing.
    const report = values.scan ? await scanFirst(values.scan, values['app-root'], out) : undefined;
    const { status, release } = await api.open({
      service,
      version,
      env: values.env,
      ...(values['requested-by'] ? { requestedBy: values['requested-by'] } : {}),
      ...(values['run-url'] ? { url: values['run-url'] } : {}),
      ...(values.changelog ? { changelog: values.changelog } : {}),
    });
    out(
      `${status === 201 ? 'Opened' : 'Found'} release ${release.id} (${release.service} ${release.version} → ${release.env}): ${release.threadUrl ?? 'thread not posted yet'}`,
    );
    if (release.warning) io.stderr.write(`deploy-check: ${release.warning}\n`);
    if (report && release.status === 'open') await sendScan(api, release.id, report, out);
    else if (report)
      out(`Release ${release.id} is ${release.status}: its checklist is locked, the scan was not sent.`);
    let last = '';
    let link = release.threadUrl;
    const result = await pollRelease(api, release.id, io, { pollMs, timeoutMs }, (r) => {
      // The thread may be posted after the answer (Slack slow or the bot not yet in the channel).
      if (!link && r.threadUrl) out(`Thread: ${r.threadUrl}`);
      link = r.threadUrl;
      if (r.summary !== last) out(r.summary);
      last = r.summary;
      const code = gateDecision(r);
      if (code === 1 && r.failing.length && r.status === 'open')
        for (const f of r.failing) out(`  failing: ${f.item}${f.evidence ? ` (${f.evidence})` : ''}`);
      if (code === 0)
        out(`Approved by ${r.approvals.by.map((a) => a.userId).join(', ') || 'the approvers'}.`);
      return code;
    });
    if (result === 'timeout') {
      io.stderr.write(
        `deploy-check gate: not approved within ${values.timeout}; release ${release.id} stays open: ${link ?? ''}\n`,
      );
      return 3;
    }
    return result;
  } catch (e) {
    if (isScanError(e)) {
      io.stderr.write(`deploy-check gate: ${e.message}\n`);
      return 2;
    }
    if (isUsageError(e)) {
      io.stderr.write(`deploy-check gate: ${(e as Error).message}\n\n${GATE_USAGE}\n`);
      return 2;
    }
    if (e instanceof ApiError && e.isAuthOrUsage) {
      io.stderr.write(`deploy-check gate: ${e.detail} (${e.status})\n`);
      return 2;
    }
    io.stderr.write(`deploy-check gate: ${(e as Error).message}\n`);
    return 2;
  }
}

async function scanFirst(
  dir: string,
  appRoot: string | undefined,
  out: (s: string) => void,
): Promise<ScanReport> {
  const report = await scanRepository(dir, { appRoot });
  const s = report.summary;
  out(
    `Scanned ${dir}${report.commit ? ` at ${report.commit.slice(0, 7)}` : ''}: ${s.fail} fail, ${s.warn} warn, ${s.pass} pass, ${s.unknown} unknown`,
  );
  return report;
}
