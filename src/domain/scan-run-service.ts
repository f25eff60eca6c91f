import type { Checklist } from '../checklist/checklist.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/client.js';
import { serializeOn } from '../db/dialect-sql.js';
import { createReleaseRepo } from '../db/repos/release-repo.js';
import { createScanRunRepo, type ScanRunRow } from '../db/repos/scan-run-repo.js';
import { AppError, ErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Via } from '../model/item-change.js';
import type { ScanReport } from '../model/scan-report.js';
import { applyMachineVerdicts } from './machine-verdicts.js';
import { scanItemVerdict, scanItemViews } from './scan-items.js';

/**
 * How a scan run is announced in its release thread. The call only records the message (an outbox row
 * rendered from the stored run when sent): make it in the transaction that stores the run.
 * src/slack/notices/scan-notices.ts implements it.
 */
export interface ScanNotices {
  results(run: { releaseId: string; runId: number; channelId: string }): Promise<void>;
}

/**
 * A repository scan arrives for a release (the pipeline API, the sandbox page): it is stored, applied to the
 * release's items by the rules probe runs follow (machine-verdicts.ts), and announced in the thread — all in
 * one transaction.
 */
export function createScanRunService(deps: {
  db: Db;
  clock: Clock;
  checklist: Checklist;
  notices: ScanNotices;
  logger: Logger;
  onReleaseChanged: (releaseId: string) => Promise<void>;
}) {
  const runs = createScanRunRepo(deps.db);
  const releases = createReleaseRepo(deps.db);
  return {
    runs,
    async submit(input: {
      releaseId: string;
      report: ScanReport;
      submittedBy: string;
      via: Via;
    }): Promise<ScanRunRow> {
      const at = deps.clock.now();
      const run = await deps.db.transaction(async () => {
        await serializeOn(deps.db, `release:${input.releaseId}`);
        const release = await releases.get(input.releaseId);
        if (!release) throw new AppError(ErrorCode.NOT_FOUND, `No release with id ${input.releaseId}.`);
        // An approved or closed release's pre-deployment checklist is locked: a scan may not change it.
        if (release.status !== 'open')
          throw new AppError(
            ErrorCode.INVALID_STATE,
            `This release is ${release.status.replace('_', ' ')}; its checklist is locked, so a scan cannot change it.`,
          );
        const id = await runs.insert({ ...input, receivedAt: at });
        const views = new Map(scanItemViews(deps.checklist, input.report).map((v) => [v.itemId, v]));
        const effects = await applyMachineVerdicts(deps.db, {
          ...{ checklist: deps.checklist, releaseId: release.id, at },
          source: 'scan',
          by: input.submittedBy,
          judge: (_ids, itemId) => {
            const view = views.get(itemId);
            return view && scanItemVerdict(view, { id, commit: input.report.commit });
          },
        });
        await runs.setEffects(id, effects);
        await deps.onReleaseChanged(release.id);
        await deps.notices.results({ releaseId: release.id, runId: id, channelId: release.channelId });
        return (await runs.get(id))!;
      });
      deps.logger.info(
        {
          releaseId: run.releaseId,
          runId: run.id,
          commit: run.commit,
          by: run.submittedBy,
          effects: run.effects,
        },
        'scan run received',
      );
      return run;
    },
  };
}
export type ScanRunService = ReturnType<typeof createScanRunService>;
