import { readFileSync } from 'node:fs';
import type { Checklist } from '../checklist/checklist.js';
import { issuesMatching } from '../checklist/common-issues.js';
import type { Clock } from '../clock.js';
import { type Config, findService } from '../config.js';
import type { Db } from '../db/client.js';
import { applyProbeRunToRelease, recordProbeRun } from '../domain/probe-runs.js';
import { AppError, ErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';
import { renderProbeResults } from '../slack/blocks/probe-results.js';
import type { SlackPoster } from '../slack/ports.js';
import { runProbes } from './runner.js';
import { createTargetGuard } from './target-guard.js';
import type { ProbeReport } from './types.js';

/**
 * "Run probes" from Slack: only configured services (and config allowHosts) may be probed, results are
 * stored, applied to the release's items, and posted in the thread (or the channel for a bare service).
 */
export function createSlackProbeRunner(deps: {
  db: Db;
  clock: Clock;
  config: Pick<Config, 'file'>;
  checklist: Checklist;
  poster: SlackPoster;
  logger: Logger;
  onReleaseChanged: (releaseId: string) => void;
  /** Called with every finished report (metrics). */
  onReport?: (report: ProbeReport) => void;
}) {
  const { config } = deps;
  const guard = createTargetGuard({
    allowHosts: [
      ...config.file.services.map((s) => new URL(s.baseUrl).hostname),
      ...config.file.probes.allowHosts,
    ],
    allowLinkLocal: config.file.probes.allowLinkLocal,
    restrictHosts: true,
  });
  return async (input: {
    releaseId?: string;
    service: string;
    userId: string;
    channelId: string;
    threadTs?: string;
  }) => {
    const svc = findService(config, input.service);
    if (!svc)
      throw new AppError(
        ErrorCode.NOT_FOUND,
        `Service ${input.service} is not configured, so it cannot be probed from Slack.`,
      );
    // Refused before anything is stored, so the person is told why instead of seeing a run of failures.
    await guard.assertResolved(new URL(svc.baseUrl));
    const ca = svc.probes.caFile ? readFileSync(svc.probes.caFile, 'utf8') : undefined;
    const report = await runProbes(
      { url: svc.baseUrl, settings: svc.probes },
      { guard, ca, now: () => deps.clock.now() },
    );
    deps.onReport?.(report);
    const runId = recordProbeRun(deps.db, {
      report,
      releaseId: input.releaseId,
      service: svc.name,
      requestedBy: input.userId,
    });
    let effects = {};
    if (input.releaseId) {
      effects = applyProbeRunToRelease(deps.db, {
        checklist: deps.checklist,
        releaseId: input.releaseId,
        report,
        runId,
        at: deps.clock.now(),
        by: input.userId,
      });
      deps.onReleaseChanged(input.releaseId);
    }
    deps.logger.info({ service: svc.name, runId, summary: report.summary }, 'probe run finished');
    await deps.poster.post({
      channel: input.channelId,
      ...(input.threadTs ? { threadTs: input.threadTs } : {}),
      ...renderProbeResults(report, {
        service: svc.name,
        runId,
        ...effects,
        issues: issuesMatching(
          deps.checklist.commonIssues,
          report.results.filter((r) => r.status === 'fail').map((r) => `probe:${r.id}` as const),
        ),
      }),
    });
  };
}
