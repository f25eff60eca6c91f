import type { ObservedSample, ReminderView, WatchDecisionView } from '../../monitor/watch-views.js';
import type { Block } from '../ports.js';
import { chartImage } from './chart-image.js';
import { renderIssueRows } from './common-issues.js';
import { esc, mention, percent, sampleFigures, slackDate, truncate } from './watch-text.js';

export type { ObservedSample, ReminderView, WatchDecisionView };

export const WATCH_ACK = 'watch:ack';
export const WATCH_SNOOZE = 'watch:snooze';
export const WATCH_ROLLED_BACK = 'watch:rolled_back';
export const WATCH_FALSE_ALARM = 'watch:false_alarm';
export const WATCH_PLAN = 'watch:plan';
export const SNOOZE_MINUTES = [15, 30, 60] as const;

const section = (text: string, blockId?: string): Block => ({
  type: 'section',
  ...(blockId ? { block_id: blockId } : {}),
  text: { type: 'mrkdwn', text: truncate(text, 3000) },
});

export const decisionLine = (d: WatchDecisionView) => {
  const what = {
    acknowledged: ':eyes: acknowledged',
    snoozed: `:zzz: snoozed for ${d.minutes ?? '?'} min`,
    rolled_back: ':rewind: rolled back',
    false_alarm: ':white_check_mark: marked as a false alarm',
  }[d.kind];
  return `${what} by ${mention(d.actor)} ${slackDate(d.at)}`;
};

function headline(v: ReminderView): string {
  const who = v.mentions.map(mention).join(' ');
  const subject = `*${esc(v.service)} ${esc(v.version)}* (${esc(v.env)})`;
  const what = v.observed
    ? `error ratio ${sampleFigures(v.observed, v.intervalMs)}, above ${percent(v.threshold)} for ${v.consecutive} consecutive samples`
    : `Alertmanager alert *${esc(v.alert?.name ?? 'alert')}* is firing${v.alert?.summary ? `: ${esc(v.alert.summary)}` : ''}`;
  return `:rotating_light: ${who ? `${who} ` : ''}${subject}: ${what} since ${slackDate(v.since)}. Consider rolling back.`;
}

/** The buttons, shared with the repeat message; values carry the watch id (well under 2000 chars). */
export function decisionActions(watchId: number, blockId: string): Block {
  const value = String(watchId);
  return {
    type: 'actions',
    block_id: blockId,
    elements: [
      { type: 'button', action_id: WATCH_ACK, text: { type: 'plain_text', text: 'Acknowledge' }, value },
      {
        type: 'static_select',
        action_id: WATCH_SNOOZE,
        placeholder: { type: 'plain_text', text: 'Snooze' },
        options: SNOOZE_MINUTES.map((m) => ({
          text: { type: 'plain_text', text: `Snooze ${m} min` },
          value: `${watchId}:${m}`,
        })),
      },
      {
        type: 'button',
        action_id: WATCH_ROLLED_BACK,
        text: { type: 'plain_text', text: 'Rolled back' },
        style: 'danger',
        value,
        // Rolling back changes the release status for everyone; a stray click must not do that.
        confirm: {
          title: { type: 'plain_text', text: 'Mark as rolled back?' },
          text: { type: 'mrkdwn', text: 'The release will be marked *rolled back* and the watch stops.' },
          confirm: { type: 'plain_text', text: 'Rolled back' },
          deny: { type: 'plain_text', text: 'Cancel' },
        },
      },
      {
        type: 'button',
        action_id: WATCH_FALSE_ALARM,
        text: { type: 'plain_text', text: 'False alarm' },
        value,
      },
    ],
  };
}

// Checkboxes take at most 10 options; longer plans continue in another block.
function planBlocks(v: ReminderView): Block[] {
  const blocks: Block[] = [];
  for (let i = 0; i < v.plan.length && blocks.length < 4; i += 10) {
    const options = v.plan.slice(i, i + 10).map((p) => ({
      text: { type: 'mrkdwn' as const, text: truncate(esc(p.text), 75) },
      value: p.id,
    }));
    const initial = options.filter((o) => v.planTicks[o.value]);
    blocks.push({
      type: 'actions',
      block_id: `watch:plan:${v.watchId}:${i / 10}`,
      elements: [
        {
          type: 'checkboxes',
          action_id: WATCH_PLAN,
          options,
          ...(initial.length ? { initial_options: initial } : {}),
        },
      ],
    });
  }
  return blocks;
}

/** The rollback reminder: who, what was observed, since when, the seed's rollback plan, and the decisions. */
export function renderRollbackReminder(v: ReminderView): { text: string; blocks: Block[] } {
  const text = headline(v);
  const ticks = Object.entries(v.planTicks)
    .map(
      ([id, t]) => `${esc(v.plan.find((p) => p.id === id)?.text ?? id)}: ${mention(t.by)} ${slackDate(t.at)}`,
    )
    .slice(0, 20);
  const samples = (v.samples ?? []).map(
    (x) => `• ${x.at !== undefined ? `${slackDate(x.at)}: ` : ''}${sampleFigures(x, v.intervalMs)}`,
  );
  const blocks: Block[] = [section(text, `watch:head:${v.watchId}`)];
  if (samples.length)
    blocks.push(
      section(`*Samples above the threshold*\n${samples.join('\n')}`, `watch:samples:${v.watchId}`),
    );
  if (v.chart) blocks.push(chartImage(v.chart, `watch:chart:${v.watchId}`));
  if (v.issues?.length)
    blocks.push(...renderIssueRows(v.issues, 'Common causes to check', `watch:issues:${v.watchId}`));
  blocks.push(section('*Rollback plan*', `watch:plan-title:${v.watchId}`), ...planBlocks(v));
  if (ticks.length)
    blocks.push(section(`:ballot_box_with_check: ${ticks.join('\n')}`, `watch:ticks:${v.watchId}`));
  if (v.decisions.length)
    blocks.push(section(v.decisions.slice(-20).map(decisionLine).join('\n'), `watch:decisions:${v.watchId}`));
  if (!v.closed) blocks.push(decisionActions(v.watchId, `watch:actions:${v.watchId}`));
  return { text: truncate(text, 3900), blocks };
}

/** Posted every repeat interval while nobody has acted; the buttons come along so nobody scrolls. */
export function renderReminderRepeat(v: ReminderView, link?: string): { text: string; blocks: Block[] } {
  const who = v.mentions.map(mention).join(' ');
  const now = v.observed ? `still at ${sampleFigures(v.observed, v.intervalMs)}` : 'alert still firing';
  const text = `:rotating_light: ${who ? `${who} ` : ''}*${esc(v.service)} ${esc(v.version)}*: ${now} (since ${slackDate(v.since)}), nobody has acted yet${link ? ` — <${link}|rollback plan>` : ''}.`;
  return {
    text: truncate(text, 3900),
    blocks: [section(text), decisionActions(v.watchId, `watch:repeat-actions:${v.watchId}`)],
  };
}
