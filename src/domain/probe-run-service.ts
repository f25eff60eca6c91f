import { readFileSync } from 'node:fs';
import type { Checklist } from '../checklist/checklist.js';
import { issuesMatching } from '../checklist/common-issues.js';
import type { Clock } from '../clock.js';
import { type Config, findService } from '../config.js';
import type { Db } from '../db/client.js';
import { serializeOn } from '../db/dialect-sql.js';
import { recordProbeRun } from '../db/repos/probe-run-repo.js';
import { AppError, ErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ProbeNotices } from '../probes/probe-notices.js';
import { runProbes } from '../probes/runner.js';
import { createTargetGuard } from '../probes/target-guard.js';
import type { ProbeReport } from '../probes/types.js';
import { applyProbeRunToRelease } from './probe-runs.js';

/**
 * "Run probes" from Slack: only configured services (and config allowHosts) may be probed, results are
 * stored, applied to the release's items, and posted in the thread (or the channel for a bare service).
 */
export function createSlackProbeRunner(deps: {
  db: Db;
  clock: Clock;
  config: Pick<Config, 'file'>;
  checklist: Checklist;
  notices: ProbeNotices;
  logger: Logger;
  onReleaseChanged: (releaseId: string) => Promise<void>;
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
    // The run, its effect on the release, "the thread is out of date" and the results message commit together.
    const runId = await deps.db.transaction(async () => {
      if (input.releaseId) await serializeOn(deps.db, `release:${input.releaseId}`);
      const id = await recordProbeRun(deps.db, {
        report,
        releaseId: input.releaseId,
        service: svc.name,
        requestedBy: input.userId,
      });
      let effects = {};
      if (input.releaseId) {
        effects = await applyProbeRunToRelease(deps.db, {
          checklist: deps.checklist,
          releaseId: input.releaseId,
          report,
          runId: id,
          at: deps.clock.now(),
          by: input.userId,
        });
        await deps.onReleaseChanged(input.releaseId);
      }
      await deps.notices.results(
        { channel: input.channelId, threadTs: input.threadTs },
        {
          report,
          service: svc.name,
          runId: id,
          ...effects,
          issues: issuesMatching(
            deps.checklist.commonIssues,
            report.results.filter((r) => r.status === 'fail').map((r) => `probe:${r.id}` as const),
          ),
        },
      );
      return id;
    });
    deps.logger.info({ service: svc.name, runId, summary: report.summary }, 'probe run finished');
  };
}
export type SlackProbeRunner = ReturnType<typeof createSlackProbeRunner>;
