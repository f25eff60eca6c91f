/** Small text helpers shared by the maintenance and certificate messages. */

import { escapeMrkdwn } from './text.js';

/** User and config text in maintenance messages: the one escaping every reply uses. */
export const esc = escapeMrkdwn;

export const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/** A date every reader sees in their own zone, with an ISO fallback for clients that cannot render it. */
export const slackDate = (ms: number) =>
  `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC>`;

/** `2026-03-01T09:00[Europe/Berlin]` → `2026-03-01 09:00 Europe/Berlin`; `manual:…` → `on demand`. */
export function periodLabel(periodKey: string): string {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)\[(.+)\]$/.exec(periodKey);
  if (m) return `${m[1]} ${m[2]} ${m[3]}`;
  return periodKey.startsWith('manual:')
    ? `on demand ${periodKey.slice(7, 23).replace('T', ' ')} UTC`
    : periodKey;
}

/** The date part of a period key, for headers. */
export const periodDate = (periodKey: string) =>
  /^\d{4}-\d\d-\d\d/.exec(periodKey)?.[0] ?? periodKey.replace(/^manual:/, '').slice(0, 10);

export const lateNote = (periodKey: string) =>
  `(late: scheduled for ${periodLabel(periodKey)}, the bot was offline)`;

export const mention = (user: string | null | undefined) => (user ? `<@${user}>` : 'no owner yet');
