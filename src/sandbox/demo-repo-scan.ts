import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db/client.js';
import { createReleaseRepo } from '../db/repos/release-repo.js';
import type { ScanRunService } from '../domain/scan-run-service.js';
import { fitScanReport } from '../model/fit-scan-report.js';
import type { ScanReport } from '../model/scan-report.js';

/** sandbox/demo-repo sits at the package root, both from src/ (tsx) and from dist/src/ (the image). */
export function findDemoRepo(start = dirname(fileURLToPath(import.meta.url))): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'sandbox', 'demo-repo');
    if (existsSync(join(candidate, 'app', 'main.py'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The page's "Scan demo repo" button: scans the demo repository beside the demo service and sends the
 * result to a release, as `deploy-check scan sandbox/demo-repo --release <id>` would — the release whose
 * thread is open on the page, else the newest open release in the channel.
 */
export function createDemoRepoScan(deps: {
  bot: () => { database: { db: Db }; scans: Pick<ScanRunService, 'submit'> };
  scan: (dir: string) => Promise<ScanReport>;
  channel: string;
  dir: string | undefined;
}) {
  return async (input: { user: string; threadTs?: string | undefined }) => {
    if (!deps.dir)
      return { ok: false, error: 'The demo repository (sandbox/demo-repo) is not installed here.' };
    const bot = deps.bot();
    const releases = createReleaseRepo(bot.database.db);
    const release =
      (input.threadTs && (await releases.byThread(deps.channel, input.threadTs))) ||
      (await releases.listByStatus(['open']))
        .filter((r) => r.channelId === deps.channel)
        .sort((a, b) => b.createdAt - a.createdAt)[0];
    if (release?.status !== 'open')
      return { ok: false, error: 'Open a release first: /deploy-check payments-api 1.2.3' };
    const report = fitScanReport(await deps.scan(deps.dir));
    const run = await bot.scans.submit({
      releaseId: release.id,
      report,
      submittedBy: input.user,
      via: 'block_action',
    });
    return { ok: true, releaseId: release.id, runId: run.id, threadTs: release.threadTs };
  };
}
export type DemoRepoScan = ReturnType<typeof createDemoRepoScan>;
