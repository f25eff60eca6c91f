/** Formatting shared by the watch messages. */
export { escapeMrkdwn as esc, mention, truncate } from './text.js';

/** Slack renders `<!date^…>` in each reader's own time zone; the fallback is for clients that cannot. */
export const slackDate = (ms: number) =>
  `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${new Date(ms).toISOString()}>`;

export const percent = (ratio: number) => `${(ratio * 100).toFixed(ratio < 0.001 && ratio > 0 ? 3 : 2)}%`;

export const figures = (s: { ratio: number; errors: number; total: number }) =>
  `${percent(s.ratio)} (${s.errors.toLocaleString('en-US')} of ${s.total.toLocaleString('en-US')} requests)`;

export const minutes = (m: number) => `${m} min`;
