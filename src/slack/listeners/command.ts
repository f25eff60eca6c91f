import type { App, RespondFn } from '@slack/bolt';
import { findService } from '../../config.js';
import { renderCommonIssues } from '../blocks/common-issues.js';
import { progressLine, releaseTitle } from '../blocks/release-parent.js';
import { escapeMrkdwn } from '../blocks/text.js';
import type { AppDeps } from '../deps.js';
import { replyText } from '../error-reply.js';
import { createMaintenanceCommand } from '../maintenance-command.js';
import { nextTurn } from '../next-turn.js';
import { parseCommand, USAGE } from '../parse.js';

/** `/deploy-check …`: ack within Slack's 3 s with a hint or a receipt, then do the work. */
export function registerCommand(app: App, deps: AppDeps) {
  const { releases, threads, config, checklist } = deps;
  const maintenanceCommand = createMaintenanceCommand(
    { ...deps.jobs, permalink: deps.permalink },
    deps.isAdmin,
  );
  app.command(/^\/deploy-check/, async ({ command, ack, respond }) => {
    const cmd = parseCommand(command.text ?? '');
    const user = command.user_id;
    await releases.repo.rememberName(user, command.user_name, deps.clock.now());
    const say = (text: string) => respond({ response_type: 'ephemeral', text });
    switch (cmd.kind) {
      case 'invalid':
        await ack({ response_type: 'ephemeral', text: `:warning: ${cmd.error}\n\n${USAGE}` });
        return;
      case 'help':
        await ack({ response_type: 'ephemeral', text: USAGE });
        return;
      case 'issues':
        await ack({ response_type: 'ephemeral', ...renderCommonIssues(checklist.commonIssues) });
        return;
      case 'status':
        await ack({ response_type: 'ephemeral', text: 'Looking up open releases…' });
        await status(cmd.service, respond);
        return;
      case 'probe': {
        const svc = findService(config, cmd.service);
        if (!svc) {
          await ack({ response_type: 'ephemeral', text: unknownService(cmd.service) });
          return;
        }
        await ack({
          response_type: 'ephemeral',
          text: `Running probes against *${svc.name}*… results will appear in this channel.`,
        });
        await deps
          .probes({ service: svc.name, userId: user, channelId: command.channel_id })
          .catch((e) => say(replyText(e)));
        return;
      }
      case 'maintenance': {
        await ack();
        try {
          const r = await maintenanceCommand({
            run: cmd.run,
            userId: user,
            channelId: command.channel_id,
          });
          await respond({
            response_type: 'ephemeral',
            text: r.text,
            ...(r.blocks ? { blocks: r.blocks } : {}),
          });
        } catch (e) {
          await say(replyText(e));
        }
        return;
      }
      case 'open': {
        const configured = config.file.services;
        const svc = findService(config, cmd.service);
        if (configured.length && !svc) {
          await ack({ response_type: 'ephemeral', text: unknownService(cmd.service) });
          return;
        }
        const name = svc?.name ?? cmd.service;
        await ack({
          response_type: 'ephemeral',
          text: `Opening *${escapeMrkdwn(releaseTitle({ service: name, version: cmd.version, env: cmd.env }))}*…`,
        });
        // Saving queues the thread in the outbox (same transaction); the dispatcher posts it, paced and
        // retried, and tells the creator if the bot cannot post in this channel. Requests already received
        // get their acks first.
        await nextTurn();
        const opened = await deps.openRelease({
          service: name,
          version: cmd.version,
          env: cmd.env,
          channelId: command.channel_id,
          userId: user,
          via: 'slash_command',
        });
        if (!opened.created) {
          const { release } = opened;
          const link = release.threadTs
            ? await deps.permalink(release.channelId, release.threadTs).catch(() => undefined)
            : undefined;
          const title = escapeMrkdwn(releaseTitle(release));
          await respond({
            response_type: 'ephemeral',
            text: `*${link ? `<${link}|${title}>` : title}* is already ${release.status}: continue in its thread.`,
          });
        }
        return;
      }
      case 'post': {
        const release = await releases.repo.get(cmd.releaseId);
        if (!release) {
          await ack({
            response_type: 'ephemeral',
            text: `:warning: No release with id \`${cmd.releaseId}\`.`,
          });
          return;
        }
        await threads.post(release.id);
        const parked = await deps.outbox.unblock(release.channelId);
        await ack({
          response_type: 'ephemeral',
          text: parked
            ? `Posting the thread for *${escapeMrkdwn(releaseTitle(release))}* in <#${release.channelId}>…`
            : `Nothing is waiting to be posted for *${escapeMrkdwn(releaseTitle(release))}*; anything missing from its thread is queued.`,
        });
        return;
      }
    }
  });

  function unknownService(name: string) {
    const known = config.file.services.map((s) => `\`${s.name}\``).join(', ');
    return `:warning: Unknown service \`${escapeMrkdwn(name)}\`. Configured services: ${known || 'none'}.`;
  }

  async function status(service: string | undefined, respond: RespondFn) {
    const rows = await releases.repo.listByStatus(
      ['open', 'approved', 'deployed'],
      service ? (findService(config, service)?.name ?? service) : undefined,
    );
    if (!rows.length) {
      await respond({
        response_type: 'ephemeral',
        text: service ? `No open releases for \`${escapeMrkdwn(service)}\`.` : 'No open releases.',
      });
      return;
    }
    const lines = await Promise.all(
      rows.slice(0, 40).map(async (r) => {
        const snap = (await releases.repo.snapshot(r.id))!;
        const link = r.threadTs ? await deps.permalink(r.channelId, r.threadTs) : undefined;
        const title = escapeMrkdwn(releaseTitle(r));
        return `• ${link ? `<${link}|${title}>` : title} — *${r.status}* — ${progressLine(checklist, snap)}`;
      }),
    );
    const more = rows.length > 40 ? `\n…and ${rows.length - 40} more` : '';
    await respond({ response_type: 'ephemeral', text: `*Open releases*\n${lines.join('\n')}${more}` });
  }
}
