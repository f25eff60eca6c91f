import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { isAppError } from '../../errors.js';
import { scrubSecrets } from '../../logger.js';
import { releaseTitle } from '../blocks/release-parent.js';
import { mention, truncate } from '../blocks/text.js';
import type { AppDeps } from '../deps.js';
import { failure } from './command.js';

type Ctx = { userId: string; channel: string; threadTs: string | undefined };

/** Buttons on the parent message and the per-section "Sign off section" button. */
export function registerReleaseActions(app: App, deps: AppDeps) {
  const { releases, threads, poster, logger, hooks } = deps;

  const tell = (c: Ctx, text: string) =>
    poster
      .ephemeral({
        channel: c.channel,
        user: c.userId,
        text,
        ...(c.threadTs ? { threadTs: c.threadTs } : {}),
      })
      .catch((e) => logger.warn({ error: scrubSecrets((e as Error).message) }, 'ephemeral reply failed'));
  const announce = (releaseId: string, text: string) => {
    const r = releases.repo.get(releaseId);
    if (r?.threadTs)
      return poster.post({ channel: r.channelId, threadTs: r.threadTs, text }).catch(() => undefined);
  };

  const button = (actionId: string, run: (value: string, c: Ctx) => Promise<void>) =>
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action }) => {
      await ack();
      const message = body.message as { ts?: string; thread_ts?: string } | undefined;
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
        if (isAppError(e, 'INVALID_STATE') && Array.isArray(e.details?.missing)) {
          const missing = (e.details.missing as string[]).map((m) => `• ${truncate(m, 400)}`);
          await tell(
            c,
            truncate(`:no_entry: *Not ready for approval.* Still missing:\n${missing.join('\n')}`, 3900),
          );
        } else await tell(c, failure(e));
      }
    });

  button('section:signoff', async (value, c) => {
    const [releaseId, sectionId] = value.split('|') as [string, string];
    if (await releases.signOff(releaseId, sectionId, c.userId, 'block_action'))
      threads.refresh(releaseId, [sectionId]);
  });

  button('release:approve', async (releaseId, c) => {
    const r = await releases.approve(releaseId, c.userId, 'block_action');
    threads.refresh(releaseId, []);
    if (r.approved)
      await announce(
        releaseId,
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
    await deps.transitions.markDeployed(releaseId, c.userId, 'block_action');
  });

  button('release:cancel', async (releaseId, c) => {
    await deps.transitions.cancel(releaseId, c.userId, 'block_action');
  });

  button('release:probe', async (releaseId, c) => {
    const r = releases.repo.get(releaseId);
    if (!r) return;
    if (!hooks.runProbes) return void (await tell(c, 'Probes are not enabled in this deployment.'));
    await hooks.runProbes({
      releaseId,
      service: r.service,
      userId: c.userId,
      channelId: r.channelId,
      ...(r.threadTs ? { threadTs: r.threadTs } : {}),
    });
  });

  button('release:export', async (releaseId, c) => {
    if (!hooks.exportMarkdown || !poster.upload)
      return void (await tell(c, 'Export is not enabled in this deployment.'));
    const r = releases.repo.get(releaseId);
    if (!r) return;
    await poster.upload({
      channel: r.channelId,
      threadTs: r.threadTs ?? undefined,
      filename: `${r.service}-${r.version}-${r.env}-${r.id}.md`,
      title: `Release record: ${releaseTitle(r)}`,
      content: hooks.exportMarkdown(releaseId),
      comment: `Audit record exported by ${mention(c.userId)}.`,
    });
  });
}
