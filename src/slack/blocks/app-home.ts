import type { Checklist } from '../../checklist/checklist.js';
import type { ReleaseRow, ReleaseSnapshot } from '../../db/repos/release-repo.js';
import type { HomeModel } from '../../domain/app-home.js';
import { plainTitle } from '../../domain/release-rules.js';
import type { Block } from '../ports.js';
import { messageLink } from './links.js';
import { progressBar, progressLine, releaseTitle } from './release-parent.js';
import { escapeMrkdwn, mention, truncate } from './text.js';

export const HOME_APPROVE = 'home:approve';
/** Url buttons still send an action; one id prefix lets the listener acknowledge them all. */
export const HOME_OPEN = 'home:open';

/**
 * Lists are capped so the view stays under Block Kit's 100 blocks however much is open: at most
 * 1 header + 1 notice + 4 × (title + "n more") + 3 dividers + 20 + 10 + 30 + 10 rows = 83 blocks.
 */
export const HOME_CAPS = { waiting: 20, mine: 10, active: 30, finished: 10 } as const;

export interface HomeRenderContext {
  checklist: Checklist;
  now: number;
  notice?: string | null | undefined;
  /** Live watch status per release id (active | alerting). */
  watches: ReadonlyMap<string, string>;
}

const STATUS: Record<string, string> = {
  open: 'open',
  approved: 'approved, ready to deploy',
  deployed: 'deployed',
};

const title = (r: ReleaseRow) => escapeMrkdwn(releaseTitle(r).replace(/^Release /, ''));
const linked = (r: ReleaseRow) =>
  r.threadTs ? `*<${messageLink(r.channelId, r.threadTs)}|${title(r)}>*` : `*${title(r)}*`;

/**
 * "5 minutes ago", rendered by the Slack client: the view's text stays the same as time passes, so a Home is
 * only published again when something on it changed (its hash is compared with the last one published).
 */
const ago = (ms: number) =>
  `<!date^${Math.floor(ms / 1000)}^{ago}|${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC>`;

const section = (text: string, accessory?: Record<string, unknown>): Block =>
  ({
    type: 'section',
    text: { type: 'mrkdwn', text: truncate(text, 3000) },
    ...(accessory ? { accessory } : {}),
  }) as unknown as Block;
const header = (text: string): Block => ({ type: 'header', text: { type: 'plain_text', text, emoji: true } });
const note = (text: string): Block => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });
const openButton = (id: string, label: string, url: string) => ({
  type: 'button',
  action_id: `${HOME_OPEN}:${id}`,
  text: { type: 'plain_text', text: label },
  url,
});
const threadButton = (r: ReleaseRow) =>
  r.threadTs ? openButton(r.id, 'Open thread', messageLink(r.channelId, r.threadTs)) : undefined;

/** A list under a title, capped, with "n more" pointing at the full list; `empty` when there is nothing. */
function list(heading: string, rows: Block[], cap: number, empty: string): Block[] {
  const out = [header(heading), ...rows.slice(0, cap)];
  if (!rows.length) out.push(note(empty));
  else if (rows.length > cap)
    out.push(note(`…and ${rows.length - cap} more: \`/deploy-check status\` lists every open release.`));
  return out;
}

/**
 * One release in a list. Its progress shows on its owner's Home ("Your open releases"); everyone else's list
 * shows its state, which changes far less often than ticks: a tick re-publishes the Homes of the people it
 * concerns, not of every visitor (views.publish has ~100 a minute for the whole workspace).
 */
function activeRow(snap: ReleaseSnapshot, ctx: HomeRenderContext, withProgress: boolean): Block {
  const r = snap.release;
  const watch = ctx.watches.get(r.id);
  const state = watch
    ? `watch ${watch === 'alerting' ? ':rotating_light: alerting' : 'running'}`
    : STATUS[r.status];
  const progress = withProgress
    ? `\n\`${progressBar(ctx.checklist, snap, 10)}\` ${progressLine(ctx.checklist, snap)} · ${state}`
    : ` · ${state}`;
  return section(
    `${linked(r)} · ${mention(r.createdBy)} · opened ${ago(r.createdAt)}${progress}`,
    threadButton(r),
  );
}

/** The App Home of one person, from the model `buildHomeModel` made for them. */
export function renderAppHome(model: HomeModel, ctx: HomeRenderContext, userId: string) {
  const waiting: Block[] = [
    ...model.signoffs.map(({ snap, section: s }) => {
      const r = snap.release;
      const ts = snap.messages.get(s.id);
      return section(
        `:lock: *${escapeMrkdwn(plainTitle(s.title))}* of ${linked(r)} is complete and waits for your sign-off.`,
        ts
          ? openButton(`${r.id}:${s.id}`, 'Open section', messageLink(r.channelId, ts, r.threadTs))
          : undefined,
      );
    }),
    ...model.approvals.map((snap) =>
      section(
        `:white_check_mark: ${linked(snap.release)} is ready for your approval (${snap.approvals.length} so far).`,
        {
          type: 'button',
          action_id: HOME_APPROVE,
          style: 'primary',
          text: { type: 'plain_text', text: 'Approve' },
          value: snap.release.id,
          confirm: {
            title: { type: 'plain_text', text: 'Approve this release?' },
            text: { type: 'mrkdwn', text: `Approve *${title(snap.release)}*, as from its thread.` },
            confirm: { type: 'plain_text', text: 'Approve' },
            deny: { type: 'plain_text', text: 'Not yet' },
          },
        },
      ),
    ),
    ...model.maintenance.map((m) =>
      section(
        `:calendar: Maintenance assigned to you: ${escapeMrkdwn(m.text)}`,
        m.ts
          ? openButton(`m${m.cycleId}:${m.itemId}`, 'Open cycle', messageLink(m.channelId, m.ts))
          : undefined,
      ),
    ),
  ];
  const blocks: Block[] = [
    header(':rocket: deploy-check'),
    ...(ctx.notice ? [section(ctx.notice)] : []),
    ...list('Waiting on you', waiting, HOME_CAPS.waiting, 'Nothing is waiting on you.'),
    { type: 'divider' },
    ...list(
      'Your open releases',
      model.mine.map((s) => activeRow(s, ctx, true)),
      HOME_CAPS.mine,
      'You have no open releases. Open one with `/deploy-check <service> <version> [env]`.',
    ),
    { type: 'divider' },
    ...list(
      'All open releases and watches',
      model.active.map((s) => activeRow(s, ctx, s.release.createdBy === userId)),
      HOME_CAPS.active,
      'No release is open and no watch is running.',
    ),
    { type: 'divider' },
    ...list(
      'Recently finished',
      model.finished.map(({ release: r, outcome }) =>
        section(`${linked(r)} · ${outcome} · ${ago(r.updatedAt)} · ${mention(r.createdBy)}`),
      ),
      HOME_CAPS.finished,
      'No release has finished yet.',
    ),
  ];
  return {
    type: 'home',
    callback_id: 'deploy_check_home',
    // Who the view was rendered for (read when debugging a click); far under Slack's 3000 characters.
    private_metadata: JSON.stringify({ user: userId }),
    blocks,
  };
}
