import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { releaseTitle } from '../blocks/release-parent.js';
import { mention } from '../blocks/text.js';
import type { AppDeps } from '../deps.js';
import { replyText } from '../error-reply.js';
import { parseMessage } from '../payloads.js';

type Ctx = { userId: string; channel: string; threadTs: string | undefined };

/** Buttons on the parent message and the per-section "Sign off section" button. */
export function registerReleaseActions(app: App, deps: AppDeps) {
  const { releases, threads, writes } = deps;

  const tell = async (c: Ctx, text: string) =>
    writes.ephemeral({
      channel: c.channel,
      user: c.userId,
      text,
      ...(c.threadTs ? { threadTs: c.threadTs } : {}),
    });
  /** Once per release and event (`key`), however often Slack delivers the click. */
  const announce = async (releaseId: string, event: string, text: string) => {
    const r = releases.repo.get(releaseId);
    if (r?.threadTs)
      writes.post(
        { channel: r.channelId, threadTs: r.threadTs, text },
        { key: `announce:${releaseId}:${event}` },
      );
  };

  const button = (actionId: string, run: (value: string, c: Ctx) => Promise<void>) =>
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action }) => {
      await ack();
      const message = parseMessage(body.message);
      const c: Ctx = {
        userId: body.user.id,
        channel: body.channel?.id ?? '',
        threadTs: message?.thread_ts ?? message?.ts,
      };
      releases.repo.rememberName(
        body.user.id,
        body.user.name ?? body.user.username ?? undefined,
        deps.clock.now(),
      );
      try {
        await run(action.value ?? '', c);
      } catch (e) {
        await tell(c, replyText(e));
      }
    });

  button('section:signoff', async (value, c) => {
    const [releaseId = '', sectionId = ''] = value.split('|');
    if (await releases.signOff(releaseId, sectionId, c.userId, 'block_action'))
      threads.refresh(releaseId, [sectionId]);
  });

  button('release:approve', async (releaseId, c) => {
    const r = await releases.approve(releaseId, c.userId, 'block_action');
    threads.refresh(releaseId, []);
    if (r.approved)
      await announce(
        releaseId,
        'approved',
        `:white_check_mark: Release approved (${r.count}/${r.required}). It can now be marked deployed.`,
      );
    else if (r.added)
      await tell(
        c,
        r.onlyCreator
          ? `Approval recorded. The release's creator cannot approve it alone: another approver is needed.`
          : `Approval recorded (${r.count}/${r.required}).`,
      );
    else await tell(c, 'You have already approved this release.');
  });

  button('release:deployed', async (releaseId, c) => {
    const r = releases.markDeployed(releaseId, c.userId, 'block_action');
    threads.refresh(releaseId);
    await announce(
      releaseId,
      'deployed',
      `:rocket: ${releaseTitle(r)} marked deployed by ${mention(c.userId)}.`,
    );
    await deps.watch.start(releaseId, c.userId);
  });

  button('release:cancel', async (releaseId, c) => {
    releases.cancel(releaseId, c.userId, 'block_action');
    threads.refresh(releaseId);
    await announce(
      releaseId,
      'cancelled',
      `:no_entry_sign: Release cancelled by ${mention(c.userId)}. The record is kept.`,
    );
  });

  button('release:probe', async (releaseId, c) => {
    const r = releases.repo.get(releaseId);
    if (!r) return;
    await deps.probes({
      releaseId,
      service: r.service,
      userId: c.userId,
      channelId: r.channelId,
      ...(r.threadTs ? { threadTs: r.threadTs } : {}),
    });
  });

  button('release:export', async (releaseId, c) => {
    const r = releases.repo.get(releaseId);
    if (!r) return;
    writes.upload({
      channel: r.channelId,
      threadTs: r.threadTs ?? undefined,
      filename: `${r.service}-${r.version}-${r.env}-${r.id}.md`,
      title: `Release record: ${releaseTitle(r)}`,
      content: deps.exportMarkdown(releaseId),
      comment: `Audit record exported by ${mention(c.userId)}.`,
    });
  });
}
