import type { AppDeps } from '../deps.js';

/**
 * An approval from Slack, wherever it was clicked (the thread's parent message or the App Home): the
 * release service's rules and audit, the thread refreshed, the approval announced in the thread once the
 * release is approved. Returns what to tell the approver, if anything.
 */
export async function approveRelease(
  deps: Pick<AppDeps, 'releases' | 'threads' | 'writes'>,
  releaseId: string,
  userId: string,
): Promise<string | undefined> {
  const { releases, threads, writes } = deps;
  const r = await releases.approve(releaseId, userId, 'block_action');
  await threads.refresh(releaseId, []);
  if (r.approved) {
    const release = await releases.repo.get(releaseId);
    // Once per release however often (and from wherever) Slack delivers the click.
    if (release?.threadTs)
      await writes.post(
        {
          channel: release.channelId,
          threadTs: release.threadTs,
          text: `:white_check_mark: Release approved (${r.count}/${r.required}). It can now be marked deployed.`,
        },
        { key: `announce:${releaseId}:approved` },
      );
    return undefined;
  }
  if (!r.added) return 'You have already approved this release.';
  return r.onlyCreator
    ? `Approval recorded. The release's creator cannot approve it alone: another approver is needed.`
    : `Approval recorded (${r.count}/${r.required}).`;
}
