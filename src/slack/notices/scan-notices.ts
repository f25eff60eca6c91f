import type { Checklist } from '../../checklist/checklist.js';
import type { OutboxRepo } from '../../db/repos/outbox-repo.js';
import type { ReleaseRepo } from '../../db/repos/release-repo.js';
import type { ScanRunRepo } from '../../db/repos/scan-run-repo.js';
import type { ScanNotices } from '../../domain/scan-run-service.js';
import { releaseTitle } from '../blocks/release-parent.js';
import { renderScanResults } from '../blocks/scan-results.js';
import type { OutboxRenderer } from '../outbox/message.js';

const SCAN_RESULTS = 'scan-results';

/**
 * The "Repository scan" message in the release thread, once per run. A pipeline may send the scan right
 * after opening the release, before Slack has the thread: the row renders from the stored run when sent,
 * and the channel's rows go in order, so by then the parent (queued earlier) has its ts.
 */
export function createScanNotices(deps: {
  runs: Pick<ScanRunRepo, 'get'>;
  releases: Pick<ReleaseRepo, 'get'>;
  checklist: Checklist;
  outbox: OutboxRepo;
}): ScanNotices & { renderers: Record<string, OutboxRenderer> } {
  const load = async (ref: string) => {
    const run = await deps.runs.get(Number(ref));
    const release = run && (await deps.releases.get(run.releaseId));
    return run && release ? { run, release } : undefined;
  };
  return {
    async results({ runId, channelId }) {
      await deps.outbox.enqueue({
        key: `scan-run:${runId}`,
        kind: 'post',
        channel: channelId,
        renderer: SCAN_RESULTS,
        ref: String(runId),
      });
    },
    renderers: {
      [SCAN_RESULTS]: {
        async render(ref) {
          const x = await load(ref);
          // Without a thread there is nowhere to put it (the release's thread was never posted).
          if (!x?.release.threadTs) return undefined;
          return {
            kind: 'post',
            channel: x.release.channelId,
            threadTs: x.release.threadTs,
            ...renderScanResults(x.run, deps.checklist),
          };
        },
        async describe(ref) {
          const x = await load(ref);
          return x ? `the repository scan for *${releaseTitle(x.release)}*` : undefined;
        },
      },
    },
  };
}
