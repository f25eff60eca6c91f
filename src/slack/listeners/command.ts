import type { App, RespondFn } from '@slack/bolt';
import { findService } from '../../config.js';
import { isAppError } from '../../errors.js';
import { scrubSecrets } from '../../logger.js';
import { renderCommonIssues } from '../blocks/common-issues.js';
import { progressLine, releaseTitle } from '../blocks/release-parent.js';
import { escapeMrkdwn } from '../blocks/text.js';
import type { AppDeps } from '../deps.js';
import { parseCommand, USAGE } from '../parse.js';

const SLACK_HINTS: Record<string, string> = {
  not_in_channel: 'I am not in this channel yet: invite me with `/invite @deploy-check` and try again.',
  channel_not_found: 'I cannot post in this conversation: use a channel I have been invited to.',
  is_archived: 'This channel is archived.',
};

export const slackErrorHint = (e: unknown) => {
  const code = (e as { data?: { error?: string } }).data?.error;
  return (
    (code && SLACK_HINTS[code]) ??
    `Slack refused the message (${code ?? scrubSecrets((e as Error).message)}).`
  );
};

/** `/deploy-check …`: ack within Slack's 3 s with a hint or a receipt, then do the work. */
export function registerCommand(app: App, deps: AppDeps) {
  const { releases, threads, config, logger, checklist } = deps;
  app.command(/^\/deploy-check/, async ({ command, ack, respond }) => {
    const cmd = parseCommand(command.text ?? '');
    const user = command.user_id;
    releases.repo.rememberName(user, command.user_name, deps.clock.now());
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
        if (!deps.hooks.runProbes) {
          await ack({ response_type: 'ephemeral', text: 'Probes are not enabled in this deployment.' });
          return;
        }
        await ack({
          response_type: 'ephemeral',
          text: `Running probes against *${svc.name}*… results will appear in this channel.`,
        });
        await deps.hooks
          .runProbes({ service: svc.name, userId: user, channelId: command.channel_id })
          .catch((e) => say(failure(e)));
        return;
      }
      case 'maintenance': {
        if (!deps.hooks.maintenance) {
          await ack({
            response_type: 'ephemeral',
            text: 'Maintenance schedules are not enabled in this deployment.',
          });
          return;
        }
        await ack();
        try {
          const r = await deps.hooks.maintenance({
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
          await say(failure(e));
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
        const release = releases.open({
          service: name,
          version: cmd.version,
          env: cmd.env,
          channelId: command.channel_id,
          userId: user,
          via: 'slash_command',
        });
        try {
          await threads.ensurePosted(release.id);
        } catch (e) {
          logger.warn(
            { releaseId: release.id, error: scrubSecrets((e as Error).message) },
            'posting the release thread failed',
          );
          await say(`:warning: The release \`${release.id}\` is saved, but ${slackErrorHint(e)}`);
        }
        return;
      }
    }
  });

  function unknownService(name: string) {
    const known = config.file.services.map((s) => `\`${s.name}\``).join(', ');
    return `:warning: Unknown service \`${escapeMrkdwn(name)}\`. Configured services: ${known || 'none'}.`;
  }

  async function status(service: string | undefined, respond: RespondFn) {
    const rows = releases.repo.listByStatus(
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
        const snap = releases.repo.snapshot(r.id)!;
        const link = r.threadTs ? await deps.poster.permalink(r.channelId, r.threadTs) : undefined;
        const title = escapeMrkdwn(releaseTitle(r));
        return `• ${link ? `<${link}|${title}>` : title} — *${r.status}* — ${progressLine(checklist, snap)}`;
      }),
    );
    const more = rows.length > 40 ? `\n…and ${rows.length - 40} more` : '';
    await respond({ response_type: 'ephemeral', text: `*Open releases*\n${lines.join('\n')}${more}` });
  }
}

export const failure = (e: unknown) =>
  isAppError(e)
    ? `:warning: ${e.message}`
    : `:warning: Something went wrong: ${scrubSecrets((e as Error).message ?? String(e))}`;
