import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { releaseTitle } from '../blocks/release-parent.js';
import { mention } from '../blocks/text.js';
import type { AppDeps } from '../deps.js';
import { replyText } from '../error-reply.js';
import { parseMessage } from '../payloads.js';
import { approveRelease } from './approve-release.js';

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
  const button = (actionId: string, run: (value: string, c: Ctx) => Promise<void>) =>
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action }) => {
      await ack();
      const message = parseMessage(body.message);
      const c: Ctx = {
        userId: body.user.id,
        channel: body.channel?.id ?? '',
        threadTs: message?.thread_ts ?? message?.ts,
      };
      await releases.repo.rememberName(
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
      await threads.refresh(releaseId, [sectionId]);
  });

  button('release:approve', async (releaseId, c) => {
    const reply = await approveRelease(deps, releaseId, c.userId);
    if (reply) await tell(c, reply);
  });

  button('release:deployed', async (releaseId, c) => {
    await deps.transitions.markDeployed(releaseId, c.userId, 'block_action');
  });

  button('release:cancel', async (releaseId, c) => {
    await deps.transitions.cancel(releaseId, c.userId, 'block_action');
  });

  button('release:probe', async (releaseId, c) => {
    const r = await releases.repo.get(releaseId);
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
    const r = await releases.repo.get(releaseId);
    if (!r) return;
    await writes.upload({
      channel: r.channelId,
      threadTs: r.threadTs ?? undefined,
      filename: `${r.service}-${r.version}-${r.env}-${r.id}.md`,
      title: `Release record: ${releaseTitle(r)}`,
      content: await deps.exportMarkdown(releaseId),
      comment: `Audit record exported by ${mention(c.userId)}.`,
    });
  });
}
